using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using System.Diagnostics.Metrics;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>A paged query cut at the request's row or byte cap counts one truncation, tagged by the cap.</summary>
public sealed class QueryTruncationMetricsTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_result_cut_at_the_row_cap_or_the_byte_cap_counts_one_truncation_of_that_cap_and_a_whole_result_none()
    {
        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>());
        using var recorder = new MetricRecorder(cluster.ServiceProvider.GetRequiredService<IMeterFactory>(), DatabaseMetrics.TruncatedInstrument);
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/big");
        await db.ExecAsync(new Statement("CREATE TABLE t (v TEXT)"));
        await db.ExecAsync(new Statement("INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) SELECT printf('%0100d', x) FROM c"));

        var byRows = await db.QueryPageAsync(new Statement("SELECT v FROM t"), new QueryPaging(MaxRows: 10, MaxBytes: 1_000_000, PageRows: 1000, PageBytes: 1_000_000));
        var byBytes = await db.QueryPageAsync(new Statement("SELECT v FROM t"), new QueryPaging(MaxRows: 1000, MaxBytes: 1_000, PageRows: 1000, PageBytes: 1_000_000));
        var whole = await db.QueryPageAsync(new Statement("SELECT v FROM t"), new QueryPaging(MaxRows: 100, MaxBytes: 1_000_000, PageRows: 1000, PageBytes: 1_000_000));

        Assert.True(byRows.Truncated);
        Assert.Equal(10, byRows.Rows.Count);
        Assert.True(byBytes.Truncated);
        Assert.False(whole.Truncated);
        Assert.Equal(100, whole.Rows.Count);
        Assert.Equal(1, recorder.Sum(DatabaseMetrics.TruncatedInstrument, ("cap", "rows")));
        Assert.Equal(1, recorder.Sum(DatabaseMetrics.TruncatedInstrument, ("cap", "bytes")));
        Assert.Equal(2, recorder.Sum(DatabaseMetrics.TruncatedInstrument));
    }
}
