using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 3, part <c>databases</c>: how long the first call to a new database (create) and the first call after it
/// hibernated (wake) take at the caller, per engine: embedded SQLite, a registered PostgreSQL 15 server, and managed
/// PostgreSQL (an instance per database, copied from a template). One silo hosts the three engines; the catalog is its
/// default SQLite file. Databases go through in batches: create each (measured), give the batch a hibernation
/// timeout and wait until the catalog says every one is hibernated and its grain is gone, wake each (measured), then
/// let the batch hibernate before the next one starts, so no hibernation runs while a call is timed (checked).
/// </summary>
internal static class DatabaseLifecycle
{
    private const string CreateTable = "CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL)";
    private static readonly Statement Insert = Statement.Of("INSERT INTO kv (k, v) VALUES (?, ?)", 1, "one");
    private static readonly Statement Select = Statement.Of("SELECT v FROM kv WHERE k = ?", 1);

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var clock = Stopwatch.StartNew();
        void Say(string text) => Console.WriteLine($"  [{clock.Elapsed.TotalSeconds:F0} s] {text}");
        using var directory = BenchDirectory.Create("databases");
        Say("starting PostgreSQL 15 ...");
        await using var server = await PostgresServer.StartAsync();
        var events = new EngineEvents();
        Say("starting the silo ...");
        await using var cluster = await DatabaseCluster.StartAsync(directory.Path, Settings(server), events);
        EngineCase[] engines =
        [
            new("sqlite", "embedded SQLite", "bsqlite", settings.Calls(500), 100, CreateP99: 50, WakeP99: 20, WakeP50: null),
            new("pg", "PostgreSQL 15 server (registered)", "bpg", settings.Calls(100), 50, CreateP99: null, WakeP99: null, WakeP50: null),
            new("managed", "managed PostgreSQL 15 (instance per database)", "bmanaged", settings.Calls(40), 10, CreateP99: 500, WakeP99: null, WakeP50: 200),
        ];
        foreach (var engine in engines)
        {
            Say($"{engine.Label}: {engine.Samples} creates and wakes in batches of {Math.Min(engine.Batch, engine.Samples)} ...");
            await new EngineRun(cluster, events, engine).RunAsync(table);
        }

        if (!OperatingSystem.IsWindows())
        {
            Say("managed PostgreSQL: what a create does before the instance starts ...");
            var managedDirectory = Path.Combine(directory.Path, "managed");
            var alone = await TemplateCopyCost.DescribeAsync(managedDirectory);
            var running = await CopyCostWithRunningInstancesAsync(cluster, 10, managedDirectory);
            table.Add(new ResultRow(
                "db (diag)",
                "managed PostgreSQL create, the steps before the instance starts (as TemplateCluster.CopyToAsync does them)",
                $"no instance running: {alone}",
                "—",
                $"with 10 idle instances running (as during a batch's creates): {running}; sync -f flushes every dirty page of the file system, other processes' included"));
        }

        Say("Npgsql: what opening a database costs ...");
        var database = await server.CreateDatabaseAsync("bench");
        table.Add(new ResultRow("db (diag)", "Npgsql, PostgreSQL 15 server: opening a database as a wake does", await NpgsqlOpenCost.DescribeAsync(database), "—", "trust authentication (PostgresServer); managed instances use scram-sha-256 over TCP, which adds the password exchange"));
        Say("stopping the silo ...");
        await cluster.DisposeAsync();
        Say("stopping PostgreSQL ...");
        await server.DisposeAsync();
        Say("deleting the data ...");
    }

    /// <summary>Measures <see cref="TemplateCopyCost"/> while <paramref name="count"/> managed databases are awake (then lets them hibernate).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task<string> CopyCostWithRunningInstancesAsync(DatabaseCluster cluster, int count, string managedDirectory)
    {
        const string App = "bmanagedidle";
        var names = Enumerable.Range(0, count).Select(i => $"i{i}").ToArray();
        foreach (var name in names)
        {
            await cluster.Database(App, name).CreateAsync("managed", TimeSpan.Zero);
        }

        var result = await TemplateCopyCost.DescribeAsync(managedDirectory);
        foreach (var name in names)
        {
            await cluster.Database(App, name).CreateAsync("managed", TimeSpan.FromMilliseconds(1));
        }

        await Hibernation.WaitAsync(cluster, App, names, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(50));
        return result;
    }

    private static Dictionary<string, string?> Settings(PostgresServer server) => new()
    {
        // Look for idle databases every 100 ms, so a database hibernates within 100 ms of its timeout.
        ["Orleans:GrainCollection:CollectionQuantum"] = "00:00:00.100",
        ["DynamicDb:Engines:0:Id"] = "sqlite",
        ["DynamicDb:Engines:0:Kind"] = "sqlite",
        ["DynamicDb:Engines:0:Default"] = "true",
        ["DynamicDb:Engines:0:DataDirectory"] = "sqlite",
        ["DynamicDb:Engines:1:Id"] = "pg",
        ["DynamicDb:Engines:1:Kind"] = "postgres",
        ["DynamicDb:Engines:1:ConnectionString"] = server.ConnectionString,
        ["DynamicDb:Engines:2:Id"] = "managed",
        ["DynamicDb:Engines:2:Kind"] = "postgres-managed",
        ["DynamicDb:Engines:2:DataDirectory"] = "managed",
        // Away from the ranges the grain tests use (20000-30999) and below the ephemeral ports.
        ["DynamicDb:Engines:2:PortRangeStart"] = "31000",
        ["DynamicDb:Engines:2:PortRangeEnd"] = "31999",
    };

    /// <summary>One engine to measure, its sample count and batch size, and the issue's targets (ms) where it sets them.</summary>
    private sealed record EngineCase(string Id, string Label, string App, int Samples, int Batch, double? CreateP99, double? WakeP99, double? WakeP50);

    /// <summary>The measurements of one engine.</summary>
    private sealed class EngineRun(DatabaseCluster cluster, EngineEvents events, EngineCase engine)
    {
        private readonly List<long> _creates = [];
        private readonly List<long> _wakes = [];
        private readonly List<long> _nextCalls = [];
        private readonly List<double> _createBatchP50s = [];
        private readonly List<double> _wakeBatchP50s = [];
        private readonly List<double> _grainCreated = [];
        private readonly List<double> _engineCreated = [];
        private readonly List<double> _grainWoke = [];
        private readonly List<double> _engineOpened = [];
        private readonly List<double> _instanceStarted = [];
        private readonly List<double> _instanceStartedOnCreate = [];
        private readonly List<double> _hibernated = [];
        private int _overlapped;
        private double _waitedSeconds;

        public async Task RunAsync(ResultTable table)
        {
            var started = Stopwatch.GetTimestamp();
            var (warmCreate, warmWake, wakeEstimate) = await WarmUpAsync();
            for (var first = 0; first < engine.Samples; first += engine.Batch)
            {
                var names = Enumerable.Range(first, Math.Min(engine.Batch, engine.Samples - first)).Select(i => $"d{i}").ToArray();
                wakeEstimate = await BatchAsync(names, wakeEstimate);
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Report(table, warmCreate, warmWake, seconds);
        }

        /// <summary>
        /// One database through create and two hibernate/wake cycles, unmeasured (JIT, pools; the managed engine builds its
        /// template). Returns the first create and first wake (cold) and the second wake (warm, the first batch's estimate).
        /// </summary>
        private async Task<(double CreateMs, double ColdWakeMs, double WarmWakeMs)> WarmUpAsync()
        {
            var name = "warmup";
            var grain = cluster.Database(engine.App, name);
            var started = Stopwatch.GetTimestamp();
            await grain.CreateAsync(engine.Id, TimeSpan.Zero);
            var create = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await grain.ExecAsync(new Statement(CreateTable));
            await grain.ExecAsync(Insert);
            var wakes = new double[2];
            for (var i = 0; i < wakes.Length; i++)
            {
                await grain.CreateAsync(engine.Id, TimeSpan.FromMilliseconds(1));
                await Hibernation.WaitAsync(cluster, engine.App, [name], TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(10));
                started = Stopwatch.GetTimestamp();
                await grain.QueryAsync(Select);
                wakes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            await grain.CreateAsync(engine.Id, TimeSpan.FromMilliseconds(1));
            await Hibernation.WaitAsync(cluster, engine.App, [name], TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(10));
            return (create, wakes[0], wakes[1]);
        }

        /// <summary>Creates, hibernates and wakes one batch; returns the batch's p90 wake time (ms), to size the next batch's timeout.</summary>
        private async Task<double> BatchAsync(string[] names, double wakeEstimateMs)
        {
            var grains = names.Select(n => cluster.Database(engine.App, n)).ToArray();

            // 1. Create: the first call to each new database, timed at the caller. Hibernation off while the batch is made.
            var mark = events.Mark();
            var batch = new List<long>(grains.Length);
            foreach (var grain in grains)
            {
                var started = Stopwatch.GetTimestamp();
                await grain.CreateAsync(engine.Id, TimeSpan.Zero);
                batch.Add(Stopwatch.GetTimestamp() - started);
                await grain.ExecAsync(new Statement(CreateTable));
                await grain.ExecAsync(Insert);
            }

            _creates.AddRange(batch);
            _createBatchP50s.Add(new Latencies(batch).Ms(50));
            _grainCreated.AddRange(events.Since(mark, EngineEvents.GrainCreated));
            _engineCreated.AddRange(events.Since(mark, EngineEvents.EngineCreated));
            _instanceStartedOnCreate.AddRange(events.Since(mark, EngineEvents.InstanceStarted));
            _overlapped += events.Since(mark, EngineEvents.GrainHibernated).Count;

            // 2. Hibernate: a timeout long enough that all wakes of the batch finish before the first woken database
            //    hibernates again; wait until the catalog says 'hibernated' and no activation is left.
            var timeout = TimeSpan.FromMilliseconds(Math.Max(500, 2.0 * grains.Length * wakeEstimateMs));
            mark = events.Mark();
            foreach (var grain in grains)
            {
                await grain.CreateAsync(engine.Id, timeout);
            }

            _waitedSeconds += (await Hibernation.WaitAsync(cluster, engine.App, names, timeout + TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(20))).TotalSeconds;
            _hibernated.AddRange(events.Since(mark, EngineEvents.GrainHibernated));

            // 3. Wake: the first call after hibernation (a read by primary key), timed at the caller; then the next call.
            mark = events.Mark();
            batch.Clear();
            foreach (var grain in grains)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await grain.QueryAsync(Select);
                batch.Add(Stopwatch.GetTimestamp() - started);
                started = Stopwatch.GetTimestamp();
                await grain.QueryAsync(Select);
                _nextCalls.Add(Stopwatch.GetTimestamp() - started);
                if (result.Count != 1 || result.Rows[0][0] as string != "one")
                {
                    throw new InvalidOperationException($"Database {engine.App}/{grain.GetPrimaryKeyString()} woke without its row.");
                }
            }

            _wakes.AddRange(batch);
            var wakes = new Latencies(batch);
            _wakeBatchP50s.Add(wakes.Ms(50));
            _grainWoke.AddRange(events.Since(mark, EngineEvents.GrainWoke));
            _engineOpened.AddRange(events.Since(mark, EngineEvents.EngineOpened));
            _instanceStarted.AddRange(events.Since(mark, EngineEvents.InstanceStarted));
            _overlapped += events.Since(mark, EngineEvents.GrainHibernated).Count;

            // 4. Let the batch hibernate at once (a 1 ms timeout) before the next batch is created.
            foreach (var grain in grains)
            {
                await grain.CreateAsync(engine.Id, TimeSpan.FromMilliseconds(1));
            }

            _waitedSeconds += (await Hibernation.WaitAsync(cluster, engine.App, names, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(20))).TotalSeconds;
            return wakes.Ms(90);
        }

        private void Report(ResultTable table, double warmCreate, double warmWake, double seconds)
        {
            var creates = new Latencies(_creates);
            var wakes = new Latencies(_wakes);
            var batches = _createBatchP50s.Count;
            var common = $"{Count(creates.Count)} databases in {batches} batch(es); {(_overlapped == 0 ? "no hibernation ran while a call was timed" : $"{_overlapped} hibernation(s) overlapped timed calls")}";
            table.Add(new ResultRow(
                "db",
                $"{engine.Label}: create (first call to a new database, `CreateAsync`)",
                creates.Describe(1, bold: true) + Verdict(creates, engine.CreateP99, null),
                $"batch p50 {Stats.Spread(_createBatchP50s, "F1")} ms",
                $"{common}; {creates.Tails(1)}; reported by the grain (engine + catalog write): {Reported(_grainCreated)}, by the engine: {Reported(_engineCreated)}"
                + (_instanceStartedOnCreate.Count > 0 ? $", of which instance start (pg_ctl start + CREATE DATABASE): {Reported(_instanceStartedOnCreate)}" : string.Empty) + "; "
                + $"warm-up database (first of the engine{(engine.Id == "managed" ? ", builds the template" : string.Empty)}): {Fixed(warmCreate, 1)} ms"));
            table.Add(new ResultRow(
                "db",
                $"{engine.Label}: wake (first call after hibernation, `QueryAsync` by primary key)",
                wakes.Describe(1, bold: true) + Verdict(wakes, engine.WakeP99, engine.WakeP50),
                $"batch p50 {Stats.Spread(_wakeBatchP50s, "F1")} ms",
                $"{common}; {wakes.Tails(1)}; reported by the grain (OnActivateAsync: catalog read, engine open, catalog write): {Reported(_grainWoke)}, "
                + $"engine open: {Reported(_engineOpened)}{(_instanceStarted.Count > 0 ? $", instance start (pg_ctl start + database check): {Reported(_instanceStarted)}" : string.Empty)}; "
                + $"the call after the wake: {new Latencies(_nextCalls).Describe(2)}; hibernation (grain-reported): {Reported(_hibernated)}; "
                + $"warm-up database's first wake {Fixed(warmWake, 1)} ms; {Fixed(_waitedSeconds, 1)} s of the engine's {Fixed(seconds, 1)} s were spent waiting for hibernation"));
        }

        private static string Reported(List<double> ms)
        {
            if (ms.Count == 0)
            {
                return "none";
            }

            var sorted = ms.Order().ToArray();
            return $"p50 {Fixed(sorted[(sorted.Length - 1) / 2], 1)} ms, p99 {Fixed(sorted[Math.Clamp((int)Math.Ceiling(0.99 * sorted.Length) - 1, 0, sorted.Length - 1)], 1)} ms";
        }

        private static string Verdict(Latencies latencies, double? p99Target, double? p50Target)
        {
            var parts = new List<string>();
            if (p99Target is { } p99)
            {
                parts.Add($"p99 ≤ {p99:0} ms {(latencies.Ms(99) <= p99 ? "✅" : "❌")}");
            }

            if (p50Target is { } p50)
            {
                parts.Add($"p50 ≤ {p50:0} ms {(latencies.Ms(50) <= p50 ? "✅" : "❌")}");
            }

            return parts.Count == 0 ? string.Empty : $" (target {string.Join(", ", parts)})";
        }
    }
}
