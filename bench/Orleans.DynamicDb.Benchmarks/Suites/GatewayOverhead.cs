using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Sqlite;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 3, part <c>gateway</c>: what the layers above the driver cost for one small read by primary key on one
/// embedded database (1,000 rows) of a running silo (<c>SiloHost.Build</c>, in this process, on a loopback port):
/// (a) through the HTTP gateway, <c>POST /v1/database/query</c> with an API key, over one kept-alive connection;
/// (b) through the database grain in-process; (c) with Microsoft.Data.Sqlite on the same file (a pooled connection
/// opened per query, as the engine does, with and without the engine's per-open PRAGMAs; and one connection kept open
/// with one prepared command). One caller, one query at a time; the variants' rounds are interleaved; every answer is
/// checked.
/// </summary>
internal static class GatewayOverhead
{
    private const int Rounds = 5;
    private const int Rows = 1000;
    private const string Name = "gateway";
    private const string Sql = "SELECT v FROM kv WHERE k = ?";

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        using var directory = BenchDirectory.Create("gateway");
        await using var silo = await GatewaySilo.StartAsync(directory.Path);
        await silo.PostAsync("/v1/database/create", $$"""{"database": "{{Name}}", "hibernation_timeout_seconds": 0}""");
        var grain = silo.Database(Name);
        await grain.ExecAsync(new Statement("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
        await grain.TransactionAsync([.. Enumerable.Range(1, Rows).Select(k => Statement.Of("INSERT INTO kv (k, v) VALUES (?, ?)", k, $"value {k}"))]);
        var file = Path.Combine(directory.Path, $"{GatewaySilo.App}_{Name}", SqliteEngine.FileName);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Cache = SqliteCacheMode.Private, Pooling = true }.ToString();
        using var kept = new SqliteConnection(connectionString);
        kept.Open();
        using var prepared = new SqliteCommand("SELECT v FROM kv WHERE k = @k", kept);
        var keyParameter = prepared.Parameters.Add("@k", SqliteType.Integer);
        keyParameter.Value = 1L;
        prepared.Prepare();

        var queries = settings.Calls(10_000);
        var random = new Random(2026_11_21);
        var keys = Enumerable.Range(0, queries).Select(_ => (long)random.Next(1, Rows + 1)).ToArray();
        Variant[] variants =
        [
            new("a", "(a) HTTP gateway: `POST /v1/database/query` with an API key, loopback, one kept-alive connection", async key =>
            {
                var answer = await silo.PostAsync("/v1/database/query", $$"""{"database": "{{Name}}", "sql": "{{Sql}}", "args": [{{key}}]}""");
                return answer.Contains($"\"v\":\"value {key}\"", StringComparison.Ordinal) ? $"value {key}" : answer;
            }),
            new("b", "(b) `IDatabaseGrain.QueryAsync` in-process (caller outside any grain turn)", async key =>
                (string?)(await grain.QueryAsync(Statement.Of(Sql, key))).Rows[0][0]),
            new("c", "(c) Microsoft.Data.Sqlite on the same file: pooled connection opened per query (no PRAGMAs)", key =>
                ValueTask.FromResult(DirectQuery(connectionString, key, pragmas: false))),
            new("c+", "(c) the same, plus the engine's per-open `PRAGMA busy_timeout; PRAGMA foreign_keys`", key =>
                ValueTask.FromResult(DirectQuery(connectionString, key, pragmas: true))),
            new("c1", "(c) Microsoft.Data.Sqlite: one open connection, one prepared command", key =>
            {
                keyParameter.Value = key;
                return ValueTask.FromResult((string?)prepared.ExecuteScalar());
            }),
        ];

        foreach (var variant in variants)
        {
            Console.WriteLine($"  {variant.Scenario} ...");
            await RunRoundAsync(variant, keys.AsMemory(0, Math.Min(keys.Length, 2_000)));
        }

        var rounds = variants.Select(_ => new List<long[]>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                rounds[v].Add(await RunRoundAsync(variants[v], keys));
            }
        }

        var allocated = new double[variants.Length];
        for (var v = 0; v < variants.Length; v++)
        {
            allocated[v] = await AllocatedPerQueryAsync(variants[v], keys.AsMemory(0, Math.Min(keys.Length, 2_000)));
        }

        var sampled = new[] { await SampleTypesAsync(variants[0], keys), await SampleTypesAsync(variants[1], keys) };

        var results = variants.Select((v, i) => (Variant: v, All: new Latencies(rounds[i].SelectMany(r => r)), Means: rounds[i].Select(r => TicksToMicroseconds(r.Average(t => (double)t))).ToList())).ToArray();
        for (var v = 0; v < results.Length; v++)
        {
            var (variant, all, means) = results[v];
            table.Add(new ResultRow(
                "gateway",
                variant.Scenario,
                $"mean **{Fixed(Stats.Median(means), 1)} µs**, p50 **{Fixed(all.Ms(50) * 1000, 1)} µs**, p99 {Fixed(all.Ms(99) * 1000, 1)} µs",
                $"mean {Stats.Spread(means, "F1")} µs",
                $"{Rounds} rounds × {Count(queries)} queries (interleaved with the other variants) after {Count(Math.Min(keys.Length, 2_000))} warm-up; p90 {Fixed(all.Ms(90) * 1000, 1)}, max {Fixed(all.Ms(100) * 1000, 0)} µs; "
                + $"{Count(allocated[v])} B allocated per query (process-wide){(v < sampled.Length ? "; sampled by type: " + sampled[v] : string.Empty)}"));
        }

        AddRatio(table, results[0], results[2], "(a) HTTP gateway ÷ (c) driver, connection opened per query");
        AddRatio(table, results[0], results[4], "(a) HTTP gateway ÷ (c) driver, one open connection and prepared command");
        AddRatio(table, results[0], results[1], "(a) HTTP gateway ÷ (b) grain in-process");
        AddRatio(table, results[1], results[2], "(b) grain ÷ (c) driver, connection opened per query");
        AddRatio(table, results[1], results[3], "(b) grain ÷ (c) driver, connection opened per query + the engine's PRAGMAs");
        AddRatio(table, results[1], results[4], "(b) grain ÷ (c) driver, one open connection and prepared command");
    }

    private static void AddRatio(ResultTable table, (Variant Variant, Latencies All, List<double> Means) over, (Variant Variant, Latencies All, List<double> Means) under, string scenario)
    {
        var mean = Stats.Median(over.Means);
        var baseline = Stats.Median(under.Means);
        table.Add(new ResultRow(
            "gateway",
            $"ratio {scenario}",
            $"**{Fixed(mean / baseline, 2)}×** (mean), {Fixed(over.All.Ms(50) / under.All.Ms(50), 2)}× (p50)",
            "—",
            $"({over.Variant.Id}) adds {Fixed(mean - baseline, 1)} µs per query on average"));
    }

    private static async Task<long[]> RunRoundAsync(Variant variant, ReadOnlyMemory<long> keys)
    {
        var samples = new long[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys.Span[i];
            var started = Stopwatch.GetTimestamp();
            var value = await variant.Query(key);
            samples[i] = Stopwatch.GetTimestamp() - started;
            if (value != $"value {key}")
            {
                throw new InvalidOperationException($"{variant.Id}: key {key} read '{value}'.");
            }
        }

        return samples;
    }

    /// <summary>Bytes allocated per query, process-wide, over an untimed loop.</summary>
    private static async Task<double> AllocatedPerQueryAsync(Variant variant, ReadOnlyMemory<long> keys)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < keys.Length; i++)
        {
            await variant.Query(keys.Span[i]);
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)keys.Length;
    }

    /// <summary>The types that take most of the bytes a variant allocates (the GC's allocation events, one per ~100 KB).</summary>
    private static async Task<string> SampleTypesAsync(Variant variant, long[] keys)
    {
        using var types = new AllocationTypes();
        await Task.Delay(100);
        types.Start();
        foreach (var key in keys)
        {
            await variant.Query(key);
        }

        var shares = types.Stop().Where(t => t.Share >= 0.03).Select(t => $"{t.Type} {t.Share:P0}");
        return string.Join(", ", shares);
    }

    private static string? DirectQuery(string connectionString, long key, bool pragmas)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        if (pragmas)
        {
            using var setup = new SqliteCommand("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;", connection);
            setup.ExecuteNonQuery();
        }

        using var command = new SqliteCommand("SELECT v FROM kv WHERE k = @k", connection);
        command.Parameters.AddWithValue("@k", key);
        return (string?)command.ExecuteScalar();
    }

    private sealed record Variant(string Id, string Scenario, Func<long, ValueTask<string?>> Query);
}
