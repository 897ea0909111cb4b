using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Providers.Storage;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.Providers;
using Orleans.Storage;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Measurement 3: persistent-state writes per second through Orleans' ADO.NET grain storage on the product's own schema
/// (<c>UseDynamicDbAdoNetStorage</c> from providers/), on a SQLite file in a temp directory and on a real PostgreSQL 15
/// server. Each of 1 or 32 grains awaits its own
/// WriteStateAsync of a small record in a loop; the same provider is also driven directly (no grain) to show what
/// the grain call adds. The variants' rounds are interleaved, so a drift of the disk's speed hits them alike.
/// </summary>
internal static class StorageWrites
{
    private const int Rounds = 5;
    private static readonly int[] Concurrencies = [1, 32];
    private static readonly DateTimeOffset Stamp = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dyndb-bench-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await RunOnAsync("SQLite", o => o.SqlitePath = Path.Combine(directory, "bench.db"), alternative: null, settings, table);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine("  starting PostgreSQL 15 ...");
        await using var server = await PostgresServer.StartAsync();
        var postgres = await server.CreateDatabaseAsync("bench");
        await RunOnAsync(
            "PostgreSQL",
            o =>
            {
                o.Engine = DynamicDbStorageEngine.Postgres;
                o.PostgresConnectionString = postgres;
            },
            ("No Reset On Close=true", postgres + ";No Reset On Close=true"),
            settings,
            table);
    }

    private static async Task RunOnAsync(string database, Action<DynamicDbStorageOptions> configure, (string Label, string ConnectionString)? alternative, BenchSettings settings, ResultTable table)
    {
        const string AlternativeName = "bench-alternative";
        await using var cluster = await BenchCluster.StartAsync(silo =>
        {
            silo.UseDynamicDbAdoNetStorage(configure);
            if (alternative is { } other)
            {
                // Orleans' ADO.NET storage, on the same database and schema, with another connection string.
                silo.AddAdoNetGrainStorage(AlternativeName, o =>
                {
                    o.Invariant = DynamicDbStorageConnection.PostgresInvariant;
                    o.ConnectionString = other.ConnectionString;
                });
            }
        });
        var storage = cluster.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        foreach (var concurrency in Concurrencies)
        {
            var baseKey = concurrency * 10_000L;
            var grains = Enumerable.Range(0, concurrency).Select(i => cluster.Client.GetGrain<IStateGrain>(baseKey + i)).ToArray();
            List<Variant> variants =
            [
                new($"{database}: {concurrency} grain(s), each `WriteStateAsync` in a loop", (worker, sequence) => grains[worker].Write(sequence)),
                Direct($"{database}: {concurrency} writer(s) on the provider directly (no grain)", storage, "direct", baseKey + 1_000_000, concurrency),
            ];
            if (alternative is { } other)
            {
                var alternativeStorage = cluster.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(AlternativeName);
                variants.Add(Direct($"{database}: {concurrency} writer(s) on the provider directly, connection string + `{other.Label}`", alternativeStorage, "alternative", baseKey + 2_000_000, concurrency));
            }

            await MeasureAsync(table, variants, concurrency, settings);
        }
    }

    /// <summary>
    /// A writer straight on the provider. Orleans' ADO.NET storage keys a row by the state name and the grain key, not
    /// the grain type, so every variant gets its own range of keys.
    /// </summary>
    private static Variant Direct(string scenario, IGrainStorage storage, string grainType, long baseKey, int concurrency)
    {
        var records = Enumerable.Range(0, concurrency).Select(_ => new GrainState<BenchRecord>(new BenchRecord(0, "bench", Stamp))).ToArray();
        var ids = Enumerable.Range(0, concurrency).Select(i => GrainId.Create(grainType, (baseKey + i).ToString(Culture))).ToArray();
        return new Variant(scenario, (worker, sequence) =>
        {
            records[worker].State = new BenchRecord(sequence, "bench", Stamp);
            return storage.WriteStateAsync("bench", ids[worker], records[worker]);
        });
    }

    private static async Task MeasureAsync(ResultTable table, List<Variant> variants, int concurrency, BenchSettings settings)
    {
        var round = settings.Duration(TimeSpan.FromSeconds(1));
        foreach (var variant in variants)
        {
            Console.WriteLine($"  {variant.Scenario} ...");
            await TimedLoad.RunAsync(concurrency, settings.Duration(TimeSpan.FromMilliseconds(500)), variant.Write);
        }

        var results = variants.Select(_ => new List<LoadResult>()).ToArray();
        for (var r = 0; r < Rounds; r++)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                results[v].Add(await TimedLoad.RunAsync(concurrency, round, variants[v].Write));
            }
        }

        for (var v = 0; v < variants.Count; v++)
        {
            var rates = results[v].Select(r => r.PerSecond).ToList();
            var median = results[v].OrderBy(r => r.PerSecond).ElementAt(Rounds / 2);
            table.Add(new ResultRow(
                "3",
                variants[v].Scenario,
                $"**{Count(Stats.Median(rates))} writes/s**",
                Stats.Spread(rates, "N0"),
                $"{Rounds} rounds × {round.TotalSeconds:0.##} s (interleaved with the other variants), {Count(results[v].Sum(r => r.Operations))} writes; "
                + $"median round: p50 {Fixed(median.PercentileMilliseconds(50), 2)} ms, p99 {Fixed(median.PercentileMilliseconds(99), 2)} ms per write"));
        }
    }

    private sealed record Variant(string Scenario, Func<int, long, Task> Write);
}
