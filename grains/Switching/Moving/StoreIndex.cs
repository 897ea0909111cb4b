namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>A secondary index as one engine describes it.</summary>
/// <param name="Name">The index name.</param>
/// <param name="Unique">True when unique.</param>
/// <param name="Columns">The indexed columns; empty when it indexes expressions.</param>
/// <param name="Sql">The engine's own DDL for it (null for SQLite's automatic UNIQUE-constraint indexes).</param>
/// <param name="Plain">True when it only lists columns (no expression, no WHERE clause), so it can be translated.</param>
internal sealed record StoreIndex(string Name, bool Unique, IReadOnlyList<string> Columns, string? Sql, bool Plain);
