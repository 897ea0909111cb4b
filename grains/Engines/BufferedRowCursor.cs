using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines;

/// <summary>A cursor over a result that was read whole: for engines that cannot stream.</summary>
internal sealed class BufferedRowCursor(QueryResult result) : IRowCursor
{
    private int _next;

    public IReadOnlyList<string> Columns => result.Columns;

    public Task<RowBatch> ReadAsync(int maxRows, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var rows = new List<IReadOnlyList<object?>>();
        long bytes = 0;
        while (_next < result.Rows.Count && rows.Count < maxRows && bytes < maxBytes)
        {
            var row = result.Rows[_next++];
            bytes += RowSize.Of(row);
            rows.Add(row);
        }

        return Task.FromResult(new RowBatch(rows, bytes, _next >= result.Rows.Count));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
