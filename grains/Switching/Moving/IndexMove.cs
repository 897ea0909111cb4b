namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>One secondary index of a <see cref="TableMove"/>.</summary>
/// <param name="Name">The index name.</param>
/// <param name="Unique">True for a unique index (or UNIQUE constraint).</param>
/// <param name="Columns">The indexed columns, in order.</param>
/// <param name="TargetSql">The verbatim DDL when both sides speak the same dialect, else null (generated from the columns).</param>
internal sealed record IndexMove(string Name, bool Unique, IReadOnlyList<string> Columns, string? TargetSql);
