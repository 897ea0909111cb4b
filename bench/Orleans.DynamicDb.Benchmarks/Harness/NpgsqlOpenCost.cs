using System.Diagnostics;
using Npgsql;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// What opening a database costs with Npgsql, as a wake does it (a new NpgsqlDataSource, its first connection), split
/// into the physical connection (a new connection of a data source that has already loaded the server's types) and
/// the data source's first-connection bootstrap (type loading: the difference to a NoTypeLoading data source).
/// </summary>
internal static class NpgsqlOpenCost
{
    private const int Samples = 20;

    public static async Task<string> DescribeAsync(string connectionString)
    {
        var fresh = new List<long>();
        var noTypes = new List<long>();
        var physical = new List<long>();
        await using (var warm = NpgsqlDataSource.Create(connectionString))
        {
            await (await warm.OpenConnectionAsync()).DisposeAsync();
            for (var i = 0; i < Samples; i++)
            {
                fresh.Add(await TimeFirstOpenAsync(connectionString));
                noTypes.Add(await TimeFirstOpenAsync(connectionString + ";Server Compatibility Mode=NoTypeLoading"));
                warm.Clear();
                var started = Stopwatch.GetTimestamp();
                await (await warm.OpenConnectionAsync()).DisposeAsync();
                physical.Add(Stopwatch.GetTimestamp() - started);
            }
        }

        return $"first connection of a new NpgsqlDataSource (what a wake pays): {new Latencies(fresh).Describe(1)}; the same with `Server Compatibility Mode=NoTypeLoading`: "
            + $"{new Latencies(noTypes).Describe(1)}; a new physical connection of a data source that already loaded the types: {new Latencies(physical).Describe(1)} ({Samples} samples each, interleaved)";
    }

    private static async Task<long> TimeFirstOpenAsync(string connectionString)
    {
        var started = Stopwatch.GetTimestamp();
        await using var source = NpgsqlDataSource.Create(connectionString);
        await (await source.OpenConnectionAsync()).DisposeAsync();
        return Stopwatch.GetTimestamp() - started;
    }
}
