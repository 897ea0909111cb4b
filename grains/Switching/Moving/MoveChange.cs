namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>One captured change: an upsert carrying the full row, or a delete carrying the key, in canonical values.</summary>
/// <param name="Seq">Its position in commit order.</param>
/// <param name="Table">The table changed.</param>
/// <param name="Delete">True for a delete (values are the key, in key order); false for an insert or update (all columns).</param>
/// <param name="Values">The canonical values.</param>
internal sealed record MoveChange(long Seq, TableMove Table, bool Delete, IReadOnlyList<object?> Values);
