namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>A failure the frontend answers with an ErrorResponse carrying <see cref="SqlState"/>; <see cref="Fatal"/> ones close the connection.</summary>
internal sealed class PgWireException(string sqlState, string message, bool fatal = false) : Exception(message)
{
    /// <summary>The SQLSTATE code, e.g. <c>08P01</c>.</summary>
    public string SqlState { get; } = sqlState;

    /// <summary>True when the connection is closed after the error (severity FATAL).</summary>
    public bool Fatal { get; } = fatal;
}
