namespace Orleans.DynamicDb.Sessions;

/// <summary>The protocols a session speaks.</summary>
public static class SessionProtocols
{
    /// <summary>A PostgreSQL wire protocol (v3) connection.</summary>
    public const string PgWire = "pgwire";

    /// <summary>One HTTP client of the gateway (<c>/v1/database/*</c>).</summary>
    public const string Http = "http";

    /// <summary>Every protocol.</summary>
    public static IReadOnlyList<string> All { get; } = [PgWire, Http];
}
