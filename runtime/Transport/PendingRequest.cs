namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>A request sent on a connection and waiting for its response; completed from the read loop, a timeout, cancellation or the connection closing.</summary>
internal sealed class PendingRequest(long messageId, RequestEnvelope request, long deadline)
    : TaskCompletionSource<ResponseEnvelope>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public long MessageId { get; } = messageId;

    public RequestEnvelope Request { get; } = request;

    /// <summary>The <see cref="TimeProvider"/> timestamp after which the request times out (<see cref="long.MaxValue"/>: never).</summary>
    public long Deadline { get; } = deadline;

    public CancellationTokenRegistration Cancellation { get; set; }
}
