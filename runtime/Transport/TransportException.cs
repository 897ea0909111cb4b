namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>A protocol-level failure of a connection: version mismatch, oversized or malformed frame, failed handshake.</summary>
public sealed class TransportException : Exception
{
    public TransportException(TransportError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>What went wrong, for code that branches on it.</summary>
    public TransportError Error { get; }
}
