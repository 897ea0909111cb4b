namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>A table as one engine describes it, before translation.</summary>
/// <param name="Name">The table name (schema-qualified when outside PostgreSQL's <c>public</c>).</param>
/// <param name="Columns">The columns in declaration order.</param>
/// <param name="Indexes">Secondary indexes (not the primary key's).</param>
/// <param name="Sql">The engine's own CREATE TABLE text when it keeps one (SQLite), else null.</param>
/// <param name="Problem">Why the table cannot move whatever the target (e.g. generated columns), or null.</param>
internal sealed record StoreTable(string Name, IReadOnlyList<StoreColumn> Columns, IReadOnlyList<StoreIndex> Indexes, string? Sql, string? Problem = null)
{
    /// <summary>The primary key's columns in key order.</summary>
    public IReadOnlyList<string> Key => Columns.Where(c => c.KeyOrdinal > 0).OrderBy(c => c.KeyOrdinal).Select(c => c.Name).ToList();
}
