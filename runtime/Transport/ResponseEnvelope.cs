namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>The outcome of a request: a result, an exception thrown by the call, or a rejection (the call did not run).</summary>
public sealed class ResponseEnvelope
{
    private ResponseEnvelope(ResponseStatus status, object? result, Exception? exception, RejectionReason rejection, string? rejectionMessage)
    {
        Status = status;
        Result = result;
        Exception = exception;
        Rejection = rejection;
        RejectionMessage = rejectionMessage;
    }

    public ResponseStatus Status { get; }

    /// <summary>The call's result when <see cref="Status"/> is <see cref="ResponseStatus.Ok"/> (null for void calls).</summary>
    public object? Result { get; }

    /// <summary>The exception when <see cref="Status"/> is <see cref="ResponseStatus.Exception"/>.</summary>
    public Exception? Exception { get; }

    /// <summary>Why the call was refused when <see cref="Status"/> is <see cref="ResponseStatus.Rejected"/>.</summary>
    public RejectionReason Rejection { get; }

    public string? RejectionMessage { get; }

    public static ResponseEnvelope Ok(object? result) => new(ResponseStatus.Ok, result, null, default, null);

    public static ResponseEnvelope Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new ResponseEnvelope(ResponseStatus.Exception, null, exception, default, null);
    }

    public static ResponseEnvelope Rejected(RejectionReason reason, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new ResponseEnvelope(ResponseStatus.Rejected, null, null, reason, message);
    }

    public override string ToString() => Status switch
    {
        ResponseStatus.Ok => $"Ok: {Result}",
        ResponseStatus.Exception => $"Exception: {Exception!.GetType().Name}: {Exception.Message}",
        _ => $"Rejected ({Rejection}): {RejectionMessage}",
    };
}
