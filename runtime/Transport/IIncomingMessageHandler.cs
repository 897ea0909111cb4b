namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// The receiving side of a connection: the grain runtime implements this to run requests that arrive from other
/// silos or clients. Calls come from the thread pool, never from the connection's read loop, so a slow handler
/// delays only its own response.
/// </summary>
public interface IIncomingMessageHandler
{
    /// <summary>
    /// Runs a request and returns its response. An exception thrown here is sent back as
    /// <see cref="ResponseStatus.Exception"/>. <paramref name="cancellationToken"/> is cancelled when the connection closes.
    /// </summary>
    ValueTask<ResponseEnvelope> HandleRequestAsync(RequestEnvelope request, CancellationToken cancellationToken);

    /// <summary>Runs a one-way request. Nothing is sent back; an exception thrown here is logged.</summary>
    ValueTask HandleOneWayAsync(RequestEnvelope request, CancellationToken cancellationToken);
}
