using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Runtime;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Storage;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Measurement 3: persistent-state writes per second through the runtime's AddAdoNetGrainStorage provider, on a
/// SQLite file in a temp directory and on a real PostgreSQL 15 server. Each of 1 or 32 grains awaits its own
/// WriteStateAsync of a small record in a loop; the same provider is also driven directly (no grain) to show
/// what the grain call adds.
/// </summary>
internal static class StorageWrites
{
    private const int Rounds = 3;
    private static readonly int[] Concurrencies = [1, 32];

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dyndb-bench-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var sqlite = $"Data Source={Path.Combine(directory, "bench.db")}";
            await RunOnAsync("SQLite (WAL, file in a temp dir)", AdoNetInvariants.InvariantNameSqlite, sqlite, settings, table);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine("  starting PostgreSQL 15 ...");
        await using var server = await PostgresServer.StartAsync();
        var postgres = await server.CreateDatabaseAsync("bench");
        await RunOnAsync("PostgreSQL 15 (loopback, fsync=off as PostgresServer starts it)", AdoNetInvariants.InvariantNamePostgreSql, postgres, settings, table);
    }

    private static async Task RunOnAsync(string database, string invariant, string connectionString, BenchSettings settings, ResultTable table)
    {
        await using var cluster = await BenchCluster.StartAsync(silo => silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        }));
        var storage = cluster.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DefaultStorageProviderName);
        var stamp = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        foreach (var concurrency in Concurrencies)
        {
            var baseKey = concurrency * 10_000L;
            var grains = Enumerable.Range(0, concurrency).Select(i => cluster.Client.GetGrain<IStateGrain>(baseKey + i)).ToArray();
            await MeasureAsync(table, $"{database}: {concurrency} grain(s), each `WriteStateAsync` in a loop", concurrency, settings, (worker, sequence) => grains[worker].Write(sequence));

            var records = Enumerable.Range(0, concurrency).Select(_ => new GrainState<BenchRecord>(new BenchRecord(0, "bench", stamp))).ToArray();
            var ids = Enumerable.Range(0, concurrency).Select(i => new GrainId("direct", (baseKey + i).ToString(Culture))).ToArray();
            await MeasureAsync(table, $"{database}: {concurrency} writer(s) on the provider directly (no grain)", concurrency, settings, (worker, sequence) =>
            {
                records[worker].State = new BenchRecord(sequence, "bench", stamp);
                return storage.WriteStateAsync("bench", ids[worker], records[worker]);
            });
        }
    }

    private static async Task MeasureAsync(ResultTable table, string scenario, int concurrency, BenchSettings settings, Func<int, long, Task> write)
    {
        Console.WriteLine($"  {scenario} ...");
        await TimedLoad.RunAsync(concurrency, settings.Duration(TimeSpan.FromMilliseconds(500)), write);
        var results = new List<LoadResult>();
        for (var round = 0; round < Rounds; round++)
        {
            results.Add(await TimedLoad.RunAsync(concurrency, settings.Duration(TimeSpan.FromSeconds(1)), write));
        }

        var rates = results.Select(r => r.PerSecond).ToList();
        var median = results.OrderBy(r => r.PerSecond).ElementAt(results.Count / 2);
        table.Add(new ResultRow(
            "3",
            scenario,
            $"**{Count(Stats.Median(rates))} writes/s**",
            Stats.Spread(rates, "N0"),
            $"{Rounds} rounds × 1 s, {Count(results.Sum(r => r.Operations))} writes; median round: p50 {Fixed(median.PercentileMilliseconds(50), 2)} ms, p99 {Fixed(median.PercentileMilliseconds(99), 2)} ms per write"));
    }
}
