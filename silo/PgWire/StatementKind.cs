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

    /// <summary>BEGIN, COMMIT, ROLLBACK...: refused with 0A000 in this version.</summary>
    Transaction,

    /// <summary>A write that returns rows (RETURNING): refused with 0A000 in this version.</summary>
    WriteReturning,

    /// <summary>SET, RESET, DISCARD: kept in the connection's session settings.</summary>
    Set,

    /// <summary>SHOW: answered from the connection's session settings.</summary>
    Show,
}
