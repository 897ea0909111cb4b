namespace Orleans.DynamicDb.Databases;

/// <summary>The outcome of a statement that changes data or schema.</summary>
/// <param name="RowsAffected">Rows inserted, updated or deleted; 0 for schema statements.</param>
/// <param name="LastInsertId">
/// The id generated for the last inserted row (SQLite rowid, PostgreSQL sequence value), or null when the statement
/// inserted no row or generated no id.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.ExecResult")]
public sealed record ExecResult(long RowsAffected, long? LastInsertId);
