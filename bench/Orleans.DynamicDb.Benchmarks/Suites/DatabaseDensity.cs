using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Databases;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 3, part <c>density</c>: many embedded (SQLite) databases on one silo. First 10,000 databases are created by
/// 8 concurrent callers, each with a 1 s hibernation timeout, so they hibernate behind the creation (as a silo's
/// databases come and go); after all have hibernated the memory is measured. Then 1,000 more are created and used
/// (a table, a row, a read) and kept awake (no hibernation), and the memory is measured again. Memory is taken after a
/// full GC; per-database figures are the growth divided by the count.
/// </summary>
internal static class DatabaseDensity
{
    private const int Callers = 8;
    private const string App = "density";
    private static readonly TimeSpan CreationBudget = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Hibernating = TimeSpan.FromSeconds(1);
    private static readonly Lazy<string> SleepGranularity = new(SqliteConnectionMemory.SleepGranularity);

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        using var directory = BenchDirectory.Create("density");
        var config = new Dictionary<string, string?> { ["Orleans:GrainCollection:CollectionQuantum"] = "00:00:00.250" };
        var events = new EngineEvents();
        await using var cluster = await DatabaseCluster.StartAsync(directory.Path, config, events, timeCatalog: true);
        var registered = settings.Calls(10_000);
        var active = settings.Calls(1_000);

        // Baseline: the silo with one database created, used and hibernated (every code path has run once).
        var warm = cluster.Database(App, "warmup");
        await warm.CreateAsync(null, TimeSpan.FromMilliseconds(1));
        await Hibernation.WaitAsync(cluster, App, ["warmup"], TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20));
        cluster.TimedCatalog?.TakeSlowCalls();
        var baseline = MemorySnapshot.Take();
        Console.WriteLine($"  baseline: {baseline.Describe()}");

        // 1. Registered: created, then hibernated.
        Console.WriteLine($"  creating {Count(registered)} databases ({Callers} callers, each hibernates 1 s after its creation) ...");
        var creation = await CreateAsync(cluster, events, "h", registered, Hibernating, use: false);
        var created = creation.Names.Count;
        var names = creation.Names;
        var hibernatedAfter = await Hibernation.WaitAsync(cluster, App, names, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(250));
        var hibernated = MemorySnapshot.Take();
        Console.WriteLine($"  {Count(created)} hibernated: {hibernated.Describe()}");
        var totalSeconds = creation.Seconds + hibernatedAfter.TotalSeconds;
        table.Add(new ResultRow(
            "density",
            $"{Count(created)} embedded databases created by {Callers} concurrent callers, then hibernated",
            $"**{Count(created / creation.Seconds)} databases/s** ({Fixed(creation.Seconds, 1)} s for {Count(created)}); all hibernated {Fixed(hibernatedAfter.TotalSeconds, 1)} s later",
            $"first 1,000: {Count(creation.FirstThousandRate)}/s; {(created < registered ? $"stopped at the {CreationBudget.TotalMinutes:0}-minute budget" : "every database created")}",
            $"per create call: {creation.Latencies.Describe(1)}, {creation.Latencies.Tails(1)}; {creation.Stalls}; created and hibernated in {Fixed(totalSeconds, 1)} s in all; "
            + $"hibernation ran beside creation (1 s timeout, 250 ms collection quantum)"));
        table.Add(new ResultRow(
            "density",
            $"memory per hibernated database ({Count(created)} registered, none awake)",
            hibernated.PerItem(baseline, created),
            "—",
            $"after a full GC; baseline {baseline.Describe()}; with {Count(created)} hibernated: {hibernated.Describe()}; "
            + $"Microsoft.Data.Sqlite then held {Count(SqlitePoolGroups.Count())} connection-pool groups (one per database file opened since start; pruned minutes later)"));

        // 2. Active: created, used, kept awake.
        Console.WriteLine($"  creating {Count(active)} databases that stay awake (a table, a row, a read each) ...");
        var awake = await CreateAsync(cluster, events, "a", active, TimeSpan.Zero, use: true);
        var entries = await cluster.Catalog.ListAsync(App);
        var activeNow = entries.Count(e => e.Status == DatabaseStatus.Active);
        var hibernatedNow = entries.Count(e => e.Status == DatabaseStatus.Hibernated);
        var withActive = MemorySnapshot.Take();
        Console.WriteLine($"  {Count(activeNow)} active beside {Count(hibernatedNow)} hibernated: {withActive.Describe()}");
        table.Add(new ResultRow(
            "density",
            $"{Count(awake.Names.Count)} more embedded databases created and used by {Callers} callers, kept awake",
            $"**{Count(awake.Names.Count / awake.Seconds)} databases/s** ({Fixed(awake.Seconds, 1)} s, create + CREATE TABLE + INSERT + SELECT each)",
            "—",
            $"per create call: {awake.Latencies.Describe(1)}, {awake.Latencies.Tails(1)}; {awake.Stalls}; catalog then: {Count(activeNow)} active, {Count(hibernatedNow)} hibernated on the one silo"));
        table.Add(new ResultRow(
            "density",
            $"memory per active database ({Count(activeNow)} awake beside {Count(hibernatedNow)} hibernated)",
            withActive.PerItem(hibernated, awake.Names.Count),
            "—",
            $"after a full GC; {withActive.Describe()}; an awake database holds its grain activation, its engine connection object and a pooled SQLite connection with its file handles; "
            + SqliteConnectionMemory.Describe(Path.Combine(directory.Path, $"{App}_a0", Engines.Sqlite.SqliteEngine.FileName))));
    }

    /// <summary>Creates databases {prefix}0.. with <see cref="Callers"/> concurrent callers until <paramref name="count"/> or the time budget.</summary>
    private static async Task<Creation> CreateAsync(DatabaseCluster cluster, EngineEvents events, string prefix, int count, TimeSpan hibernation, bool use)
    {
        var mark = events.Mark();
        var next = -1;
        var threadsBefore = ThreadPool.ThreadCount;
        var latencies = new List<long>[Callers];
        var names = new List<string>[Callers];
        long firstThousand = 0;
        var started = Stopwatch.GetTimestamp();
        var callers = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            var own = latencies[c] = new List<long>(count / Callers + 1);
            var made = names[c] = new List<string>(count / Callers + 1);
            for (int i; (i = Interlocked.Increment(ref next)) < count && Stopwatch.GetElapsedTime(started) < CreationBudget;)
            {
                var name = $"{prefix}{i}";
                var grain = cluster.Database(App, name);
                var begun = Stopwatch.GetTimestamp();
                await grain.CreateAsync(null, hibernation);
                own.Add(Stopwatch.GetTimestamp() - begun);
                made.Add(name);
                if (use)
                {
                    await grain.ExecAsync(new Statement("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
                    await grain.ExecAsync(Statement.Of("INSERT INTO kv (k, v) VALUES (?, ?)", 1, "one"));
                    await grain.QueryAsync(Statement.Of("SELECT v FROM kv WHERE k = ?", 1));
                }

                if (i == 999)
                {
                    Interlocked.Exchange(ref firstThousand, Stopwatch.GetTimestamp() - started);
                }
            }
        })).ToArray();
        await Task.WhenAll(callers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        var thousandSeconds = firstThousand > 0 ? TicksToSeconds(firstThousand) : seconds;
        var stalled = all.Where(t => TicksToMilliseconds(t) > 500).ToList();
        int Slow(int eventId) => events.Since(mark, eventId).Count(ms => ms > 500);
        var stalls = $"{stalled.Count} create call(s) over 500 ms ({Fixed(stalled.Sum(t => TicksToSeconds(t)), 1)} s in all), while the grain's own create (engine + catalog upsert) "
            + $"took over 500 ms {Slow(EngineEvents.GrainCreated)} time(s), the engine's {Slow(EngineEvents.EngineCreated)}, a hibernation {Slow(EngineEvents.GrainHibernated)}; "
            + $"{cluster.TimedCatalog?.TakeSlowCalls()}; {SleepGranularity.Value}; thread-pool threads {threadsBefore} before, {ThreadPool.ThreadCount} after";
        return new Creation([.. names.SelectMany(n => n)], seconds, Math.Min(1000, all.Count) / thousandSeconds, new Latencies(all), stalls);
    }

    private sealed record Creation(IReadOnlyList<string> Names, double Seconds, double FirstThousandRate, Latencies Latencies, string Stalls);
}
