using System.Diagnostics;
using System.Globalization;
using Orleans.DynamicDb.Benchmarks.Harness;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 9 item 8, part <c>ha-failover</c>: a real silo process with a <c>postgres-ha</c> default (primary + 2 synchronous
/// standbys) under <see cref="Writers"/> concurrent acknowledged HTTP writers; the primary's postmaster is SIGKILLed
/// <see cref="Kills"/> times (3 with --quick), each time once the group is whole again (the fenced member rebuilt as a
/// synchronous standby by the auto-fallback machinery; the switch back is kept out of the way by a one-hour interval).
/// Per kill: Open, decision, first write, longest acknowledgement gap; then planned switchovers (manual failover to a
/// chosen standby) and their write pause; at the end every acknowledged row is read back (lost, duplicated).
/// </summary>
internal static class HaFailover
{
    public const string Part = "ha-failover";
    public const int Kills = 20;
    public const int QuickKills = 3;
    public const int IdleKills = 3;
    public const int QuickIdleKills = 1;
    public const int Switchovers = 5;
    public const int QuickSwitchovers = 2;
    public const int Writers = 4;
    public const string Database = "ledger";

    /// <summary>Each writer sends at most one write per period (about 400 writes/s offered in all).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The circuit's detection window: 2 s, the shortest in which two probe rounds (3 failures each) reach MinNumFailures,
    /// so that a dead primary without traffic opens the circuit too. A diagnostic knob, not used for the recorded numbers:
    /// DYNDB_BENCH_HA_WINDOW_MS=1000 dotnet run ... -- ha-failover.
    /// </summary>
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(
        int.TryParse(Environment.GetEnvironmentVariable("DYNDB_BENCH_HA_WINDOW_MS"), out var ms) && ms > 0 ? ms : 2000);

    /// <summary>
    /// MinNumFailures: 2, so that a dead primary without traffic opens the circuit within the 2 s window. The probe policy
    /// "all" ends a round at its first failed probe, so a 1 s interval gives one probe failure per second: the default 5
    /// would need a window of at least 5 s. A diagnostic knob: DYNDB_BENCH_HA_MIN_FAILURES=5.
    /// </summary>
    private static readonly int MinNumFailures =
        int.TryParse(Environment.GetEnvironmentVariable("DYNDB_BENCH_HA_MIN_FAILURES"), out var failures) && failures > 0 ? failures : 2;

    /// <summary>
    /// Health:ProbeOnConnectionFailure (default true: a statement that finds the primary unreachable makes the engine probe
    /// at once). A diagnostic knob to measure without it: DYNDB_BENCH_HA_PROBE_ON_FAILURE=false.
    /// </summary>
    private static readonly string ProbeOnConnectionFailure =
        bool.TryParse(Environment.GetEnvironmentVariable("DYNDB_BENCH_HA_PROBE_ON_FAILURE"), out var probe) && !probe ? "false" : "true";

    private static readonly TimeSpan IdleDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RebuildDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);
    /// <summary>Acknowledged writing before each kill: at least the detection window, so that it is full of successes.</summary>
    private static readonly TimeSpan Settle = Window > TimeSpan.FromSeconds(3) ? Window : TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WholeDeadline = TimeSpan.FromSeconds(120);

    /// <summary>Engine 0's settings besides id, kind, folder, binaries and ports.</summary>
    public static readonly (string Name, string Value)[] Settings =
    [
        ("Replicas", "2"),
        ("StatementTimeout", "00:00:05"),
        ("Health:HealthCheckInterval", "00:00:01"),
        ("Health:HealthCheckTimeout", "00:00:01"),
        ("Health:HealthCheckProbes", "3"),
        ("Health:HealthCheckProbesDelay", "00:00:00.100"),
        ("Health:FailuresDetectionWindow", Window.ToString("c", CultureInfo.InvariantCulture)),
        ("Health:MinNumFailures", MinNumFailures.ToString(CultureInfo.InvariantCulture)),
        ("Health:FailureRateThreshold", "0.5"),
        ("Health:GracePeriod", "00:00:05"),
        ("Health:ProbeOnConnectionFailure", ProbeOnConnectionFailure),
        ("AutoFallbackInterval", "01:00:00"),
    ];

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var kills = settings.Quick ? QuickKills : Kills;
        var switchovers = settings.Quick ? QuickSwitchovers : Switchovers;
        var idleKills = settings.Quick ? QuickIdleKills : IdleKills;
        Console.WriteLine($"  settings: {string.Join(", ", Settings.Select(s => $"{s.Name}={s.Value}"))}; {Writers} writers, one write per {Period.TotalMilliseconds} ms each at most");
        using var directory = BenchDirectory.Create(Part);
        await using var silo = await HaSiloProcess.StartAsync(directory.Path, Settings);
        var feed = new EngineEventFeed(silo.Admin);
        await using var writers = new AcknowledgedWriters(silo.Http, Database, Writers, Period);
        await writers.StartAsync();
        var group = new HaGroupWatch(silo, feed, writers);
        var samples = new List<KillSample>();
        var idles = new List<(double? OpenMs, string? OpenReason, double? DecisionMs, double? DoneMs)>();
        var pauses = new List<(double GapMs, double AnswerMs, double? PromotionMs, int Failed)>();
        try
        {
            await group.WaitReadyAsync(GracePeriod, Settle, WholeDeadline);
            for (var i = 1; i <= kills; i++)
            {
                var sample = await KillOnceAsync(silo, feed, writers, group);
                samples.Add(sample);
                Console.WriteLine(string.Create(Culture,
                    $"  kill {i,2}: {sample.Killed} -> {sample.Promoted}; first failed write {Ms(sample.FirstFailureMs)}, Open {Ms(sample.OpenMs)} ({sample.OpenReason}), decision {Ms(sample.DecisionMs)}, promotion {Ms(sample.PromotionMs)}, done {Ms(sample.DoneMs)}, first write {Ms(sample.FirstWriteMs)}, longest gap {Ms(sample.LongestGapMs)}, rebuild {Ms(sample.RebuildMs)}, whole after {Ms(sample.WholeMs)}, {sample.FailedWrites} failed writes"));
                await group.WaitReadyAsync(GracePeriod, Settle, WholeDeadline);
            }

            for (var i = 1; i <= idleKills; i++)
            {
                var idle = await IdleKillAsync(silo, feed, writers, group);
                idles.Add(idle);
                Console.WriteLine(string.Create(Culture,
                    $"  idle kill {i}: Open {Ms(idle.OpenMs)} ({idle.OpenReason ?? $"not within {IdleDeadline.TotalSeconds} s"}), decision {Ms(idle.DecisionMs)}, failover done {Ms(idle.DoneMs)}"));
                await group.WaitReadyAsync(GracePeriod, Settle, WholeDeadline);
            }

            for (var i = 1; i <= switchovers; i++)
            {
                var pause = await SwitchOverAsync(silo, feed, writers, group);
                pauses.Add(pause);
                Console.WriteLine(string.Create(Culture,
                    $"  switchover {i}: longest gap {Ms(pause.GapMs)}, POST answered in {Ms(pause.AnswerMs)}, promotion {Ms(pause.PromotionMs)}, {pause.Failed} failed writes"));
                await group.WaitReadyAsync(GracePeriod, Settle, WholeDeadline);
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await feed.PollAsync();
            Console.WriteLine($"  run stopped: {e.Message}\n  events:\n    {string.Join("\n    ", feed.Events.TakeLast(40))}\n  silo output (last lines):\n{silo.OutputTail}");
            throw;
        }

        await writers.StopAsync();
        var acks = writers.Acknowledgements();
        var (lost, duplicated, unacknowledged, rows) = await AckReadBack.CheckAsync(silo.Http, Database, acks, Writers);
        Console.WriteLine($"  read back {Count(rows)} rows: {Count(acks.Count)} acknowledged, lost {lost}, duplicated {duplicated}, committed without acknowledgement {unacknowledged}; failed attempts: {writers.DescribeFailures()}");

        var n = $"{samples.Count} kills";
        Add(table, "first failed write answer after the kill", samples.Select(s => s.FirstFailureMs), "—", null, n);
        Add(table, "time to circuit Open (kill → Open event)", samples.Select(s => s.OpenMs), "≤ 1000 ms p99", 1000, n);
        Add(table, "failover decision after Open (duration_ms)", samples.Select(s => s.DecisionMs), "≤ 10 ms", 10, n);
        Add(table, "promotion (fence, choose, promote, repoint)", samples.Select(s => s.PromotionMs), "—", null, n);
        Add(table, "time to first acknowledged write", samples.Select(s => s.FirstWriteMs), "≤ 2000 ms p99", 2000, n);
        Add(table, "failover done event → first acknowledged write (reopen on the new primary)", samples.Select(s => s.FirstWriteMs - s.DoneMs), "—", null, n);
        Add(table, "longest gap between acknowledged writes (kill)", samples.Select(s => (double?)s.LongestGapMs), "—", null, n);
        Add(table, "rebuild of the fenced member (pg_rewind)", samples.Select(s => s.RebuildMs), "—", null, n);
        Add(table, "kill → group whole again", samples.Select(s => (double?)s.WholeMs), "—", null, n);
        Add(table, "no traffic: kill → circuit Open (probes only)", idles.Select(s => s.OpenMs), "—", null, $"{idles.Count} kills without writes");
        Add(table, "no traffic: kill → failover done", idles.Select(s => s.DoneMs), "—", null, $"{idles.Count} kills without writes");
        Add(table, "planned switchover: longest gap between acknowledged writes", pauses.Select(p => (double?)p.GapMs), "≤ 100 ms", 100, $"{pauses.Count} switchovers");
        Add(table, "planned switchover: POST …/failover answered", pauses.Select(p => (double?)p.AnswerMs), "—", null, $"{pauses.Count} switchovers");
        table.Add(new ResultRow("9.8 HA failover", "acknowledged writes lost / duplicated", $"{lost} / {duplicated}", "—",
            $"goal lost = 0: {(lost == 0 ? "met" : "MISSED")}; {Count(acks.Count)} acknowledged of {Count(acks.Count + writers.FailureCount)} attempts; {unacknowledged} committed without acknowledgement; failed: {writers.DescribeFailures()}"));
    }

    private static async Task<KillSample> KillOnceAsync(HaSiloProcess silo, EngineEventFeed feed, AcknowledgedWriters writers, HaGroupWatch group)
    {
        var (member, pid) = await silo.PrimaryAsync();
        var epoch = await group.EpochAsync();
        var failedBefore = writers.FailureCount;
        var killedAt = DateTimeOffset.UtcNow;
        var killed = Stopwatch.GetTimestamp();
        if (!PostgresProcesses.Kill(pid))
        {
            throw new InvalidOperationException($"The primary's postmaster {pid} ({member}) was gone before the kill.");
        }

        var whole = await group.WaitWholeAsync(epoch + 1, WholeDeadline);
        var failed = writers.FailureCount - failedBefore;

        // The member shows as a standby a moment before the grain persists the rebuild's done event.
        var polled = Stopwatch.GetTimestamp();
        var events = (await feed.PollAsync()).Where(e => e.Engine == HaSiloProcess.EngineId && e.At >= killedAt).ToList();
        while (!events.Any(IsRebuilt) && Stopwatch.GetElapsedTime(polled) < RebuildDeadline)
        {
            await Task.Delay(100);
            events.AddRange((await feed.PollAsync()).Where(e => e.Engine == HaSiloProcess.EngineId));
        }

        var opened = events.FirstOrDefault(e => e.Type == "circuit" && e.To == "Open");
        var decided = events.FirstOrDefault(e => e.Type == "failover" && e.Reason.StartsWith("decided:", StringComparison.Ordinal));
        var done = events.FirstOrDefault(e => e.Type == "failover" && e.Reason.StartsWith("done:", StringComparison.Ordinal));
        var rebuilt = events.FirstOrDefault(IsRebuilt);
        var acks = writers.Acknowledgements();
        return new KillSample(
            member,
            done?.To,
            writers.FirstFailureAfter(killed),
            opened is null ? null : (opened.At - killedAt).TotalMilliseconds,
            opened?.Reason.Split(':')[0],
            decided?.DurationMs,
            done?.DurationMs - decided?.DurationMs,
            done is null ? null : (done.At - killedAt).TotalMilliseconds,
            AckTimeline.FirstAfter(acks, killed),
            AckTimeline.LongestGap(acks, killed, whole),
            rebuilt?.DurationMs,
            AckTimeline.Milliseconds(whole - killed),
            failed);
    }

    /// <summary>
    /// A kill with the writers paused (nothing but probes can notice): waits until the detection window holds no outcome,
    /// kills, and waits up to <see cref="IdleDeadline"/> for the failover; then the writers resume (and, if the probes did
    /// not open the circuit, their failures do).
    /// </summary>
    private static async Task<(double? OpenMs, string? OpenReason, double? DecisionMs, double? DoneMs)> IdleKillAsync(
        HaSiloProcess silo, EngineEventFeed feed, AcknowledgedWriters writers, HaGroupWatch group)
    {
        writers.Paused = true;
        try
        {
            await Task.Delay(Window + TimeSpan.FromSeconds(1));
            var (member, pid) = await silo.PrimaryAsync();
            var epoch = await group.EpochAsync();
            var killedAt = DateTimeOffset.UtcNow;
            if (!PostgresProcesses.Kill(pid))
            {
                throw new InvalidOperationException($"The primary's postmaster {pid} ({member}) was gone before the kill.");
            }

            var started = Stopwatch.GetTimestamp();
            var events = new List<EngineEventRecord>();
            while (!events.Any(e => e.Type == "failover" && e.Reason.StartsWith("done:", StringComparison.Ordinal)) && Stopwatch.GetElapsedTime(started) < IdleDeadline)
            {
                await Task.Delay(100);
                events.AddRange((await feed.PollAsync()).Where(e => e.Engine == HaSiloProcess.EngineId && e.At >= killedAt));
            }

            var opened = events.FirstOrDefault(e => e.Type == "circuit" && e.To == "Open");
            var decided = events.FirstOrDefault(e => e.Type == "failover" && e.Reason.StartsWith("decided:", StringComparison.Ordinal));
            var done = events.FirstOrDefault(e => e.Type == "failover" && e.Reason.StartsWith("done:", StringComparison.Ordinal));
            if (done is null)
            {
                // The probes alone did not fail over: the writers' failures will, once they resume.
                writers.Paused = false;
                await group.WaitWholeAsync(epoch + 1, WholeDeadline);
            }

            return (opened is null ? null : (opened.At - killedAt).TotalMilliseconds, opened?.Reason.Split(':')[0], decided?.DurationMs,
                done is null ? null : (done.At - killedAt).TotalMilliseconds);
        }
        finally
        {
            writers.Paused = false;
        }
    }

    private static async Task<(double GapMs, double AnswerMs, double? PromotionMs, int Failed)> SwitchOverAsync(
        HaSiloProcess silo, EngineEventFeed feed, AcknowledgedWriters writers, HaGroupWatch group)
    {
        var target = await group.SwitchoverTargetAsync();
        var epoch = await group.EpochAsync();
        var failedBefore = writers.FailureCount;
        var sentAt = DateTimeOffset.UtcNow;
        var sent = Stopwatch.GetTimestamp();
        var (status, body) = await HaSiloProcess.PostAsync(silo.Admin, $"/v1/engines/groups/{HaSiloProcess.EngineId}/failover", $"{{\"target\": \"{target}\"}}");
        var answered = Stopwatch.GetTimestamp();
        if (status != 200)
        {
            throw new InvalidOperationException($"The switchover to {target} answered {status}: {body}");
        }

        // Writes in flight when the answer came may still be waiting on the old primary: the pause is looked for from the
        // request until a second past its answer (the rebuild that follows takes longer than that).
        await group.WaitWholeAsync(epoch + 1, WholeDeadline);
        var until = answered + Stopwatch.Frequency;
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var failed = writers.FailureCount - failedBefore;
        var done = (await feed.PollAsync()).FirstOrDefault(e => e.Engine == HaSiloProcess.EngineId && e.At >= sentAt && e.Type == "failover" && e.Reason.StartsWith("done:", StringComparison.Ordinal));
        return (AckTimeline.LongestGap(writers.Acknowledgements(), sent, until), AckTimeline.Milliseconds(answered - sent), done?.DurationMs, failed);
    }

    private static bool IsRebuilt(EngineEventRecord e) => e.Type == "rebuild" && e.Reason.StartsWith("done:", StringComparison.Ordinal);

    private static void Add(ResultTable table, string scenario, IEnumerable<double?> values, string goal, double? limit, string count)
    {
        var seen = values.Where(v => v is not null).Select(v => v!.Value).Order().ToArray();
        var missing = values.Count() - seen.Length;
        if (seen.Length == 0)
        {
            table.Add(new ResultRow("9.8 HA failover", scenario, "not seen", "—", $"{count}; goal {goal}"));
            return;
        }

        var p99 = Percentile(seen, 99);
        var verdict = limit is { } l ? (p99 <= l ? "met" : "MISSED") : "";
        table.Add(new ResultRow("9.8 HA failover", scenario, $"p50 {Ms(Percentile(seen, 50))}", $"p99 {Ms(p99)}, max {Ms(seen[^1])}",
            $"{count}{(missing > 0 ? $" ({missing} not seen)" : "")}; goal {goal}{(verdict.Length > 0 ? $": {verdict}" : "")}; min {Ms(seen[0])}"));
    }

    /// <summary>Nearest rank: with fewer than 100 samples p99 is the maximum.</summary>
    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Ms(double? value) => value is { } v ? v.ToString(v < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms" : "—";
}
