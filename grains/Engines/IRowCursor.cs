namespace Orleans.DynamicDb.Engines;

/// <summary>
/// The rows of one running query, read in batches as the caller asks for them, so a large result is never built whole
/// in memory. Not thread-safe: one reader at a time. Disposing ends the statement and gives its connection back (clean,
/// or discarded). Failures are <see cref="Errors.DynamicDbException"/>s, as for <see cref="IDatabaseConnection"/>.
/// </summary>
public interface IRowCursor : IAsyncDisposable
{
    /// <summary>The column names, in result order (names may repeat).</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// Reads the next rows: at most <paramref name="maxRows"/>, and no more once their estimated size
    /// (<see cref="RowSize"/>) reaches <paramref name="maxBytes"/> (the row that crosses it is included, so a batch always
    /// makes progress). Each call is bounded by the engine's statement timeout.
    /// </summary>
    Task<RowBatch> ReadAsync(int maxRows, long maxBytes, CancellationToken cancellationToken = default);
}

/// <summary>A batch of rows read from an <see cref="IRowCursor"/>.</summary>
/// <param name="Rows">The rows, values normalised as <see cref="Databases.QueryResult"/> documents.</param>
/// <param name="Bytes">The estimated size of <paramref name="Rows"/> (<see cref="RowSize"/>).</param>
/// <param name="Completed">True when the statement has no more rows (the cursor may still be disposed).</param>
public sealed record RowBatch(IReadOnlyList<IReadOnlyList<object?>> Rows, long Bytes, bool Completed);
