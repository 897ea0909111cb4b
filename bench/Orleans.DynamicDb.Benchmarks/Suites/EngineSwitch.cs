using System.Diagnostics;
using System.Globalization;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 10 item 9, part <c>engine-switch</c>: one real silo process with three engines — <c>sqlite</c> (default),
/// <c>pg</c> (kind <c>postgres</c>, on a PostgreSQL server the bench starts) and <c>pg-ha</c> (kind <c>postgres-ha</c>,
/// 1 replica, run by the silo). Per size (1, 10, 100 MB; <c>--quick</c>: 1 and 10) and repetition (5; <c>--quick</c>: 1)
/// a fresh database is created on <c>sqlite</c>, filled (<see cref="SwitchData"/>), and moved along the chain
/// sqlite→pg→pg-ha→pg→sqlite through <c>POST /v1/admin/databases/{app}/{database}/switch</c> while
/// <see cref="Writers"/> keyed writers (acknowledged ids) and one reader run. Per switch: the server's
/// <c>switch_duration_ms</c>, <c>write_pause_ms</c>, <c>rows_copied</c>; the clients' write latency during the switch
/// against the settle time before it, the longest time without an acknowledgement, failed writes and reads; then every
/// acknowledged id is read back from the new engine (lost, duplicated).
/// </summary>
/// <remarks>
/// Knobs (environment): <c>DYNDB_BENCH_SWITCH_SIZES</c> (MB, comma-separated), <c>DYNDB_BENCH_SWITCH_REPEATS</c>,
/// <c>DYNDB_BENCH_SWITCH_WRITERS</c> (4), <c>DYNDB_BENCH_SWITCH_PERIOD_MS</c> (10: each writer sends at most one write per
/// period), <c>DYNDB_BENCH_SWITCH_TIMEOUT_S</c> (the switch's <c>timeout_seconds</c>, 600), <c>DYNDB_BENCH_SWITCH_SETTLE_MS</c>
/// (3000: writing before each switch, the "before" window), <c>DYNDB_BENCH_SWITCH_CHAIN</c> (the engines a database goes
/// along, see <see cref="Pairs"/>), <c>DYNDB_BENCH_SILO_LOG</c> (the silo's whole output).
/// </remarks>
internal static class EngineSwitch
{
    public const string Part = "engine-switch";
    public const string Sqlite = "sqlite";
    public const string Pg = "pg";
    public const string PgHa = "pg-ha";

    /// <summary>
    /// The chain each database goes along: by default to PostgreSQL, to the replicated group, and back;
    /// <c>DYNDB_BENCH_SWITCH_CHAIN</c> names another (engine ids, comma-separated, starting at <c>sqlite</c>), e.g.
    /// <c>sqlite,pg-ha,sqlite</c> for the issue's "sqlite to postgres-ha and back".
    /// </summary>
    public static readonly (string From, string To)[] Pairs = Chain(Environment.GetEnvironmentVariable("DYNDB_BENCH_SWITCH_CHAIN"));

    private static readonly int Writers = Knob("DYNDB_BENCH_SWITCH_WRITERS", 4);
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(Knob("DYNDB_BENCH_SWITCH_PERIOD_MS", 10));
    private static readonly TimeSpan SwitchTimeout = TimeSpan.FromSeconds(Knob("DYNDB_BENCH_SWITCH_TIMEOUT_S", 600));
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(Knob("DYNDB_BENCH_SWITCH_SETTLE_MS", 3000));
    private static readonly TimeSpan HealthyDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan AnsweredDeadline = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        int[] sizes = Environment.GetEnvironmentVariable("DYNDB_BENCH_SWITCH_SIZES") is { Length: > 0 } list
            ? [.. list.Split(',').Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture))]
            : settings.Quick ? [1, 10] : [1, 10, 100];
        var repeats = Knob("DYNDB_BENCH_SWITCH_REPEATS", settings.Quick ? 1 : 5);
        Console.WriteLine($"  sizes {string.Join(", ", sizes)} MB × {repeats} repetitions; chain {string.Join(" → ", Pairs.Select(p => p.From).Append(Pairs[^1].To))}; "
            + $"{Writers} writers (one write per {Period.TotalMilliseconds} ms each at most) + 1 reader; settle {Settle.TotalSeconds} s; timeout_seconds {SwitchTimeout.TotalSeconds}");
        using var directory = BenchDirectory.Create(Part);
        await using var server = await PostgresServer.StartAsync();
        var group = Path.Combine(directory.Path, PgHa);
        var start = 33000 + Random.Shared.Next(0, 90) * 10;
        string[] engines =
        [
            "--DynamicDb:Engines:0:Id", Sqlite, "--DynamicDb:Engines:0:Kind", "sqlite", "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:DataDirectory", Path.Combine(directory.Path, Sqlite),
            "--DynamicDb:Engines:1:Id", Pg, "--DynamicDb:Engines:1:Kind", "postgres", "--DynamicDb:Engines:1:ConnectionString", server.ConnectionString,
            "--DynamicDb:Engines:2:Id", PgHa, "--DynamicDb:Engines:2:Kind", "postgres-ha", "--DynamicDb:Engines:2:Replicas", "1",
            "--DynamicDb:Engines:2:DataDirectory", group, "--DynamicDb:Engines:2:BinDirectory", HaSiloProcess.BinDirectory(),
            "--DynamicDb:Engines:2:PortRangeStart", start.ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:Engines:2:PortRangeEnd", (start + 400).ToString(CultureInfo.InvariantCulture),
        ];
        await using var silo = await HaSiloProcess.StartWithEnginesAsync(directory.Path, engines, group);
        using var client = new SwitchClient(silo.Address, HaSiloProcess.AdminKey, SwitchTimeout);
        var health = new EngineHealthWatch(silo);
        var log = new SwitchLogWatch(silo);
        await health.WaitHealthyAsync([Sqlite, Pg, PgHa], HealthyDeadline);

        var samples = new List<SwitchSample>();
        var notes = new List<string>();
        try
        {
            foreach (var size in sizes)
            {
                for (var repetition = 1; repetition <= repeats; repetition++)
                {
                    await RunChainAsync(silo, client, health, log, directory.Path, size, repetition, samples, notes);
                }
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            Console.WriteLine($"  run stopped: {e.Message}\n  silo output (last lines):\n{silo.OutputTail}");
            notes.Add($"run stopped early: {e.Message}");
        }

        SwitchReport.Add(table, samples, notes, Writers, Period, Settle);
    }

    private static async Task RunChainAsync(HaSiloProcess silo, SwitchClient client, EngineHealthWatch health, SwitchLogWatch log, string data, int size, int repetition,
        List<SwitchSample> samples, List<string> notes)
    {
        var database = string.Create(CultureInfo.InvariantCulture, $"s{size}r{repetition}");
        var filling = Stopwatch.GetTimestamp();
        await SwitchData.CreateAsync(silo.Http, database, Sqlite);
        var items = await SwitchData.FillAsync(silo.Http, database, size);
        var file = Path.Combine(data, Sqlite, $"{HaSiloProcess.App}_{database}");
        var dataMb = Directory.Exists(file) ? Directory.GetFiles(file).Sum(f => new FileInfo(f).Length) / 1_000_000.0 : size;
        Console.WriteLine(string.Create(Culture, $"  {database}: filled {Count(items)} items + {Count(items / 4)} notes in {Stopwatch.GetElapsedTime(filling).TotalSeconds:F1} s; SQLite files {dataMb:F1} MB"));

        await using var writers = new AcknowledgedWriters(silo.Http, database, Writers, Period, keyed: true);
        await using var reader = new SteadyReader(silo.Http, database, items, Period * 2);
        await writers.StartAsync();
        reader.Start();
        foreach (var (from, to) in Pairs)
        {
            var on = await SwitchData.EngineOfAsync(silo.Http, database);
            if (on != from)
            {
                notes.Add($"{database}: {from}→{to} not run: the database is on {on}");
                Console.WriteLine($"  {database}: {from}→{to} not run: the database is on {on}");
                continue;
            }

            await health.WaitHealthyAsync([to], HealthyDeadline);
            var sample = await SwitchOnceAsync(silo, client, log, writers, reader, database, size, repetition, from, to, dataMb);
            samples.Add(sample);
            Console.WriteLine(SwitchReport.Describe(sample));
        }

        await writers.StopAsync();
        if (writers.FailureCount > 0)
        {
            var examples = string.Join("; ", writers.FailureExamples().Select(e => $"{e.Key}: {e.Value.ReplaceLineEndings(" ")}"));
            notes.Add($"{database}: failed write attempts over the whole chain (switches and settle times): {writers.DescribeFailures()}; first answers: {examples}");
            Console.WriteLine($"  {database}: failed write attempts: {writers.DescribeFailures()}; first answers: {examples}");
        }
    }

    private static async Task<SwitchSample> SwitchOnceAsync(HaSiloProcess silo, SwitchClient client, SwitchLogWatch log, AcknowledgedWriters writers, SteadyReader reader,
        string database, int size, int repetition, string from, string to, double dataMb)
    {
        // The settle time is the "before" window the latencies during the switch are compared with, not a synchronisation.
        await Task.Delay(Settle);
        var sent = Stopwatch.GetTimestamp();
        var answer = await client.SwitchAsync(HaSiloProcess.App, database, to);
        var answered = Stopwatch.GetTimestamp();
        if (!await writers.WaitAllSentAfterAsync(answered, AnsweredDeadline))
        {
            throw new TimeoutException($"A write sent during the switch of {database} to {to} was not answered within {AnsweredDeadline.TotalSeconds} s.");
        }

        var ended = Stopwatch.GetTimestamp();
        var acks = writers.Acknowledgements();
        var settleTicks = (long)(Settle.TotalSeconds * Stopwatch.Frequency);
        var before = new Latencies(acks.Where(a => a.Sent >= sent - settleTicks && a.Sent < sent).Select(a => a.Acked - a.Sent));
        var during = new Latencies(acks.Where(a => a.Acked >= sent && a.Sent <= answered).Select(a => a.Acked - a.Sent));
        var engineAfter = await SwitchData.EngineOfAsync(silo.Http, database);
        var (lost, duplicated, _, _) = await KeyedAckReadBack.CheckAsync(silo.Http, database, acks, writers.Writers);
        var gapAt = AckTimeline.Milliseconds(AckTimeline.LongestGapStart(acks, sent, answered) - sent);
        return new SwitchSample(size, repetition, from, to, dataMb, answer, AckTimeline.Milliseconds(answered - sent), before, during,
            AckTimeline.LongestGap(acks, sent, answered), gapAt, log.PhaseAtElapsed(answer.Id, gapAt), writers.FailuresBetween(sent, ended), reader.LatenciesBetween(sent, answered).Count,
            reader.FailuresBetween(sent, ended), engineAfter, lost, duplicated, acks.Count,
            log.PhaseAt(answer.Id, "copying"), log.Copy(database, from, to)?.Ms, log.Copy(database, from, to)?.Bytes);
    }

    private static (string From, string To)[] Chain(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return [(Sqlite, Pg), (Pg, PgHa), (PgHa, Pg), (Pg, Sqlite)];
        }

        string[] engines = [.. setting.Split(',').Select(e => e.Trim())];
        string[] known = [Sqlite, Pg, PgHa];
        if (engines.Length < 2 || engines[0] != Sqlite || engines.Any(e => !known.Contains(e)) || engines.Zip(engines.Skip(1)).Any(p => p.First == p.Second))
        {
            throw new ArgumentException($"DYNDB_BENCH_SWITCH_CHAIN '{setting}' must list at least two of {string.Join(", ", known)}, start at {Sqlite} and never name the same engine twice in a row.");
        }

        return [.. engines.Zip(engines.Skip(1))];
    }

    private static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
