namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>How the frontend runs a statement.</summary>
internal enum StatementKind
{
    /// <summary>Nothing but white space and comments: EmptyQueryResponse.</summary>
    Empty,

    /// <summary>Returns rows: the grain's QueryAsync.</summary>
    Query,

    /// <summary>Changes data or schema: the grain's ExecAsync.</summary>
    Exec,

    /// <summary>BEGIN, COMMIT, ROLLBACK, savepoints: the connection's interactive transaction.</summary>
    Transaction,

    /// <summary>A write that returns rows (RETURNING): a query inside a transaction (the open one, or its own).</summary>
    WriteReturning,

    /// <summary>SET, RESET, DISCARD: kept in the connection's session settings.</summary>
    Set,

    /// <summary>SHOW: answered from the connection's session settings.</summary>
    Show,

    /// <summary>COPY FROM STDIN / TO STDOUT: the COPY sub-protocol.</summary>
    Copy,
}
