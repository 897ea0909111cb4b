namespace Orleans.DynamicDb.Engines;

/// <summary>
/// The size of one batch of rows read from an <see cref="IRowCursor"/>: at most <paramref name="MaxRows"/> rows, and no
/// more once their estimated size (<see cref="RowSize"/>) reaches <paramref name="MaxBytes"/> (see
/// <see cref="IRowCursor.ReadAsync"/>).
/// </summary>
/// <param name="MaxRows">The most rows in the batch; at least 1.</param>
/// <param name="MaxBytes">The estimated size at which the batch stops (the row that reaches it is included).</param>
public readonly record struct RowBatchLimits(int MaxRows, long MaxBytes);
