namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>What a statement sent through <see cref="HaDatabaseConnection"/> may do, for the safety policy that decides what may be retried.</summary>
public enum HaStatementKind
{
    /// <summary>Reads only (a query, a cursor, the schema): safe to run again.</summary>
    Read,

    /// <summary>May change data or schema (an exec, a transaction): run again only when it is known not to have committed.</summary>
    Write,
}
