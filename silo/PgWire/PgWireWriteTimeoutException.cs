namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The client did not read what the server sent within <c>DynamicDb:PgWire:WriteTimeout</c>: the connection is closed
/// without a final message (the client would not read it either). Not a statement error, so no handler answers it.
/// </summary>
internal sealed class PgWireWriteTimeoutException(TimeSpan timeout)
    : Exception($"the client did not read its results for {timeout} ({PgWireOptions.Setting(nameof(PgWireOptions.WriteTimeout))})")
{
    /// <summary>The write timeout that passed.</summary>
    public TimeSpan Timeout { get; } = timeout;
}
