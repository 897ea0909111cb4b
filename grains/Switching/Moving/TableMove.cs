namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>One table a <see cref="MovePlan"/> moves.</summary>
/// <param name="Name">The table name (the same on both sides).</param>
/// <param name="Columns">The columns, in declaration order.</param>
/// <param name="KeyColumns">The primary key's columns, in key order (never empty: a table without one is refused).</param>
/// <param name="Indexes">The secondary indexes created on the target after the copy.</param>
/// <param name="TargetSql">The verbatim CREATE TABLE when both sides are SQLite, else null (generated).</param>
internal sealed record TableMove(
    string Name, IReadOnlyList<ColumnMove> Columns, IReadOnlyList<string> KeyColumns, IReadOnlyList<IndexMove> Indexes, string? TargetSql)
{
    private IReadOnlyList<int>? _keyIndexes;

    /// <summary>The positions of the key columns in <see cref="Columns"/> (computed once; a copy made with <c>with</c> keeps the column names).</summary>
    public IReadOnlyList<int> KeyIndexes => _keyIndexes ??= KeyColumns.Select(k => Columns.ToList().FindIndex(c => c.Name == k)).ToList();

    /// <summary>The table seen from the other direction (the DDL is not needed: its tables exist).</summary>
    public TableMove Reversed() => this with { Columns = Columns.Select(c => c.Reversed()).ToList(), TargetSql = null, Indexes = [] };
}
