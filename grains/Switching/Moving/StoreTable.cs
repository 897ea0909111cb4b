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

/// <summary>A column as one engine describes it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The declared type (SQLite, possibly empty) or <c>format_type</c> (PostgreSQL).</param>
/// <param name="NotNull">True when NOT NULL.</param>
/// <param name="KeyOrdinal">1-based position in the primary key, 0 when not in it.</param>
/// <param name="Default">The default expression's text, null when none.</param>
/// <param name="Identity">True for an auto-assigned integer key.</param>
/// <param name="Problem">Why the column cannot move whatever the target (an array, a user-defined type...), or null.</param>
internal sealed record StoreColumn(string Name, string Type, bool NotNull, int KeyOrdinal, string? Default, bool Identity, string? Problem = null);

/// <summary>A secondary index as one engine describes it.</summary>
/// <param name="Name">The index name.</param>
/// <param name="Unique">True when unique.</param>
/// <param name="Columns">The indexed columns; empty when it indexes expressions.</param>
/// <param name="Sql">The engine's own DDL for it (null for SQLite's automatic UNIQUE-constraint indexes).</param>
/// <param name="Plain">True when it only lists columns (no expression, no WHERE clause), so it can be translated.</param>
internal sealed record StoreIndex(string Name, bool Unique, IReadOnlyList<string> Columns, string? Sql, bool Plain);
