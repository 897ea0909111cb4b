namespace Orleans.DynamicDb.Databases;

/// <summary>
/// How a paged query is read (<see cref="IDatabaseGrain.QueryPageAsync"/>): the size of each page and the caps of the
/// whole result. Sizes are estimates close to the JSON text of the values (see <c>RowSize</c> in the grains).
/// </summary>
/// <param name="MaxRows">The most rows of the whole result; past it the result is truncated.</param>
/// <param name="MaxBytes">The most bytes of the whole result; past it the result is truncated.</param>
/// <param name="PageRows">The most rows of one page.</param>
/// <param name="PageBytes">The bytes after which a page ends (the row that crosses it is still in the page).</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.QueryPaging")]
public sealed record QueryPaging(int MaxRows, long MaxBytes, int PageRows, long PageBytes)
{
    /// <summary>A page of at most 1000 rows or 1 MiB.</summary>
    public static QueryPaging Within(int maxRows, long maxBytes) => new(maxRows, maxBytes, 1000, 1024 * 1024);
}
