using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Sqlite;
using SQLitePCL;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 7, part <c>statements</c>: what one small statement costs on the embedded engine's own path
/// (<see cref="IDatabaseConnection"/> from a <see cref="SqliteEngine"/> built in this process, no grain, no HTTP): a read
/// by primary key and a one-row insert, one caller at a time and 16 concurrent callers on 16 databases of 4 apps. Beside
/// them, the driver alone on the same file (Microsoft.Data.Sqlite is the same version before and after issue 7, so
/// these rows tell the machine's noise from the engine's change), and the cost of an authorizer callback per compiled
/// statement. The same source builds against the code before issue 7 and after it, so both run the same measurements.
/// </summary>
internal static class StatementPath
{
    public const string Part = "statements";
    private const int Rounds = 3;
    private const int Rows = 1000;
    private const int Apps = 4;
    private const int DatabasesPerApp = 4;
    private const int Callers = Apps * DatabasesPerApp;
    private const string ReadSql = "SELECT v FROM kv WHERE k = ?";
    private const string InsertSql = "INSERT INTO log (v) VALUES (?)";

    private static readonly delegate_authorizer NoOpAuthorizer = static (_, _, _, _, _, _) => 0;

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        using var directory = BenchDirectory.Create(Part);
        var engine = new SqliteEngine(
            new EngineOptions { Id = EngineKinds.Sqlite, Kind = EngineKinds.Sqlite, Default = true, DataDirectory = directory.Path },
            NullLogger<SqliteEngine>.Instance);
        var connections = new List<IDatabaseConnection>();
        try
        {
            for (var a = 0; a < Apps; a++)
            {
                for (var d = 0; d < DatabasesPerApp; d++)
                {
                    var connection = await engine.OpenAsync(DatabaseName.Create($"app{a}", $"db{d}"));
                    connections.Add(connection);
                    await connection.ExecAsync(new Statement("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
                    await connection.ExecAsync(new Statement("CREATE TABLE log (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
                    await connection.TransactionAsync([.. Enumerable.Range(1, Rows).Select(k => Statement.Of("INSERT INTO kv (k, v) VALUES (?, ?)", k, $"value {k}"))]);
                }
            }

            await MeasureAsync(settings, table, engine, connections);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.CloseAsync();
                await connection.DisposeAsync();
            }

            await engine.DisposeAsync();
        }
    }

    private static async Task MeasureAsync(BenchSettings settings, ResultTable table, SqliteEngine engine, List<IDatabaseConnection> connections)
    {
        var file = Path.Combine(engine.DataDirectory, "app0_db0", SqliteEngine.FileName);
        var pooled = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Cache = SqliteCacheMode.Private, Pooling = true }.ToString();
        var unpooled = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Cache = SqliteCacheMode.Private, Pooling = false }.ToString();
        using var plain = new SqliteConnection(unpooled);
        plain.Open();
        using var authorized = new SqliteConnection(unpooled);
        authorized.Open();
        if (raw.sqlite3_set_authorizer(authorized.Handle, NoOpAuthorizer, null) != raw.SQLITE_OK)
        {
            throw new InvalidOperationException("sqlite3_set_authorizer failed.");
        }

        var sequential = settings.Calls(5_000);
        var inserts = settings.Calls(2_000);
        var concurrentReads = settings.Calls(1_000);
        var concurrentInserts = settings.Calls(400);
        var first = connections[0];
        Variant[] variants =
        [
            new("engine", "engine `QueryAsync`, read by primary key, 1 caller", 1, sequential, async (_, k) =>
                Check((string?)(await first.QueryAsync(Statement.Of(ReadSql, k))).Rows[0][0], k)),
            new("engine", "engine `ExecAsync`, one-row INSERT, 1 caller", 1, inserts, async (_, k) =>
                (await first.ExecAsync(Statement.Of(InsertSql, $"v{k}"))).RowsAffected == 1 ? null : "no row inserted"),
            new("engine", $"engine `QueryAsync`, read by primary key, {Callers} concurrent callers on {Callers} databases of {Apps} apps", Callers, concurrentReads, async (c, k) =>
                Check((string?)(await connections[c].QueryAsync(Statement.Of(ReadSql, k))).Rows[0][0], k)),
            new("engine", $"engine `ExecAsync`, one-row INSERT, {Callers} concurrent callers on {Callers} databases of {Apps} apps", Callers, concurrentInserts, async (c, k) =>
                (await connections[c].ExecAsync(Statement.Of(InsertSql, $"v{k}"))).RowsAffected == 1 ? null : "no row inserted"),
            new("driver", "driver: pooled connection opened per read, no PRAGMAs (same driver in both builds: the noise control)", 1, sequential, (_, k) =>
                ValueTask.FromResult(Check(DriverRead(pooled, k), k))),
#if DYNDB_WORKER_POOL
            new("driver", "driver as above, run on the engine's worker pool (`FairWorkerPool.RunAsync`): the hop alone", 1, sequential, async (_, k) =>
                Check(await engine.Workers.RunAsync("app0", _ => DriverRead(pooled, k)), k)),
#endif
            new("driver", "driver: one open connection, a new command compiled per read, no authorizer", 1, sequential, (_, k) =>
                ValueTask.FromResult(Check(CompiledRead(plain, k), k))),
            new("driver", "driver: the same with a no-op authorizer callback set (`sqlite3_set_authorizer`)", 1, sequential, (_, k) =>
                ValueTask.FromResult(Check(CompiledRead(authorized, k), k))),
        ];

        foreach (var variant in variants)
        {
            Console.WriteLine($"  {variant.Scenario} ...");
            await RunRoundAsync(variant, Math.Max(1, variant.CallsPerCaller / 5));
        }

        var samples = variants.Select(_ => new List<long>()).ToArray();
        var throughputs = variants.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var (ticks, perSecond) = await RunRoundAsync(variants[v], variants[v].CallsPerCaller);
                samples[v].AddRange(ticks);
                throughputs[v].Add(perSecond);
            }
        }

        for (var v = 0; v < variants.Length; v++)
        {
            var latencies = new Latencies(samples[v]);
            table.Add(new ResultRow(
                variants[v].Group,
                variants[v].Scenario,
                $"p50 **{Fixed(latencies.Ms(50) * 1000, 1)} µs**, p99 **{Fixed(latencies.Ms(99) * 1000, 1)} µs**, mean {Fixed(latencies.MeanMs * 1000, 1)} µs; **{Count(Stats.Median(throughputs[v]))} statements/s**",
                $"{Stats.Spread(throughputs[v], "N0")} statements/s",
                $"{Rounds} rounds × {Count(variants[v].CallsPerCaller * variants[v].Callers)} statements ({variants[v].Callers} caller(s)), rounds interleaved with the other rows; {latencies.Tails(3)}"));
        }
    }

    private static async Task<(long[] Ticks, double PerSecond)> RunRoundAsync(Variant variant, int callsPerCaller)
    {
        var ticks = new long[variant.Callers * callsPerCaller];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, variant.Callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(2026_12_04 + caller);
            for (var i = 0; i < callsPerCaller; i++)
            {
                var key = (long)random.Next(1, Rows + 1);
                var before = Stopwatch.GetTimestamp();
                var error = await variant.Call(caller, key);
                ticks[(caller * callsPerCaller) + i] = Stopwatch.GetTimestamp() - before;
                if (error is not null)
                {
                    throw new InvalidOperationException($"{variant.Scenario}: {error}");
                }
            }
        })));
        var seconds = TicksToSeconds(Stopwatch.GetTimestamp() - started);
        return (ticks, ticks.Length / seconds);
    }

    private static string? Check(string? value, long key) => value == $"value {key}" ? null : $"read '{value}' for key {key}";

    private static string? DriverRead(string connectionString, long key)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        return CompiledRead(connection, key);
    }

    private static string? CompiledRead(SqliteConnection connection, long key)
    {
        using var command = new SqliteCommand("SELECT v FROM kv WHERE k = @k", connection);
        command.Parameters.AddWithValue("@k", key);
        return (string?)command.ExecuteScalar();
    }

    private sealed record Variant(string Group, string Scenario, int Callers, int CallsPerCaller, Func<int, long, ValueTask<string?>> Call);
}
