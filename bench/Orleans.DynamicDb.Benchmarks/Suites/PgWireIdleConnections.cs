using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Part <c>pgwire</c>, memory: idle connections (startup and authentication through <see cref="RawPgConnection"/>, then
/// nothing) opened to each target, and the memory of the process(es) serving them before and after: the silo's RSS and
/// GC heap (<c>dotnet_gc_last_collection_heap_size_bytes</c> from its <c>/metrics</c>), PgBouncer's RSS, and the
/// PostgreSQL server's processes' summed PSS (new backends). Then many idle connections (10,000) on the silo: the
/// handshake rate, that every one still answers a query afterwards, and that a new client gets answers meanwhile.
/// </summary>
internal static class PgWireIdleConnections
{
    private const int Openers = 32;
    private const string OpenGauge = "dyndb_pgwire_connections_open";
    private const string AllocatedCounter = "dotnet_gc_heap_total_allocated_bytes_total";
    private static readonly TimeSpan GaugeDeadline = TimeSpan.FromSeconds(60);

    // PostgresServer runs with max_connections=1000; the silo's engine pool and PgBouncer's pool hold up to 2 × 20.
    private const int DirectCap = 900;

    public static async Task RunAsync(ResultTable table, PostgresServer server, PgBouncerServer bouncer, HaSiloProcess silo, PgBenchTarget[] targets, int idle, int many)
    {
        var text = new StringBuilder();
        text.AppendLine("Memory per idle connection (startup + authentication, then idle; delta ÷ connections)");
        text.AppendLine();
        text.AppendLine("| target | connections | memory before | memory after | per connection | handshakes/s | what was measured |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        var (direct, viaBouncer, frontend) = (targets[0], targets[1], targets[2]);
        var scram = new ScramClient(HaSiloProcess.AppKey);

        var directCount = Math.Min(idle, DirectCap);
        var backends = () => PostgresProcesses.In(server.DataDirectory).Sum(ProcessMemory.Proportional);
        await MeasureAsync(text, direct, null, directCount, backends, "PSS summed over the server's processes (a backend per connection)");
        await MeasureAsync(text, viaBouncer, null, idle, bouncer.ResidentBytes, $"RSS of the pgbouncer process (open files limit {bouncer.OpenFilesLimit()})");
        await ScrapeWhenOpenAsync(silo, 0);
        await MeasureAsync(text, frontend, scram, idle, () => ProcessMemory.Resident(silo.ProcessId), "RSS of the silo process");
        var allocatedBefore = Allocated(await ScrapeWhenOpenAsync(silo, 0));
        await using (var held = await OpenAsync(frontend, scram, idle))
        {
            var allocatedAfter = Allocated(await ScrapeWhenOpenAsync(silo, idle));
            text.AppendLine(string.Create(Culture, $"| {frontend.Name} | {Count(idle)} | allocated {Mib(allocatedBefore)} | allocated {Mib(allocatedAfter)} | {Kib((allocatedAfter - allocatedBefore) / idle)} | — | bytes the silo allocated (GC, `{AllocatedCounter}`) per connection opened, a second opening of {Count(idle)}: garbage and live together |"));
        }

        if (directCount < idle)
        {
            text.AppendLine(string.Create(Culture, $"\nDirect PostgreSQL: {Count(directCount)} connections, not {Count(idle)}: the server runs with `max_connections=1000` (`PostgresServer`), and the engine's and PgBouncer's pools hold some."));
        }

        table.AddSection(text.ToString());
        if (many > 0)
        {
            table.AddSection(await ManyAsync(silo, frontend, scram, many));
        }
    }

    private static async Task MeasureAsync(StringBuilder text, PgBenchTarget target, ScramClient? scram, int count, Func<long> memory, string what)
    {
        var before = memory();
        var started = Stopwatch.GetTimestamp();
        await using var held = await OpenAsync(target, scram, count);
        var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = memory();
        Console.WriteLine($"  {count} idle connections to {target.Name}: {Mib(before)} → {Mib(after)}");
        text.AppendLine(string.Create(Culture, $"| {target.Name} | {Count(count)} | {Mib(before)} | {Mib(after)} | **{Kib((after - before) / (double)count)}** | {Count(rate)} | {what} |"));
    }

    private static async Task<string> ManyAsync(HaSiloProcess silo, PgBenchTarget frontend, ScramClient scram, int many)
    {
        var scrapeBefore = await ScrapeWhenOpenAsync(silo, 0);
        var heapBefore = GcHeap(scrapeBefore);
        var allocatedBefore = Allocated(scrapeBefore);
        var before = ProcessMemory.Resident(silo.ProcessId);
        var started = Stopwatch.GetTimestamp();
        await using var held = await OpenAsync(frontend, scram, many);
        var opening = Stopwatch.GetElapsedTime(started);
        var scrape = await ScrapeWhenOpenAsync(silo, many);
        var after = ProcessMemory.Resident(silo.ProcessId);
        var heapAfter = GcHeap(scrape);
        var open = PrometheusText.Sum(scrape, OpenGauge);

        // A new client while they are all open: connects and answers.
        var newClient = Stopwatch.GetTimestamp();
        await using (var fresh = await RawPgConnection.OpenAsync(frontend.Port, frontend.User, frontend.Database, scram, CancellationToken.None))
        {
            await fresh.QueryAsync("SELECT 1", CancellationToken.None);
        }

        var newClientMs = Stopwatch.GetElapsedTime(newClient).TotalMilliseconds;

        // Every held connection is still open and answers a query.
        var answered = 0;
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(held.Connections, new ParallelOptions { MaxDegreeOfParallelism = Openers }, async (connection, token) =>
        {
            try
            {
                await connection.QueryAsync("SELECT 1", token);
                Interlocked.Increment(ref answered);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                failures.Add(e.Message);
            }
        });

        Console.WriteLine($"  {many} idle connections to the silo: opened in {opening.TotalSeconds:F1} s, {answered} answered; RSS {Mib(before)} → {Mib(after)}");
        var text = new StringBuilder();
        text.AppendLine(string.Create(Culture, $"{Count(many)} idle connections on one silo (raw protocol startup + SCRAM-SHA-256, {Openers} openers at a time)"));
        text.AppendLine();
        text.AppendLine("| measure | value |");
        text.AppendLine("|---|---|");
        text.AppendLine(string.Create(Culture, $"| opened | {Count(held.Connections.Count)} in {Fixed(opening.TotalSeconds, 1)} s: **{Count(many / opening.TotalSeconds)} handshakes/s** |"));
        text.AppendLine(string.Create(Culture, $"| `dyndb_pgwire_connections_open` after opening | {(open is null ? "—" : Count(open.Value))} |"));
        text.AppendLine(string.Create(Culture, $"| silo RSS before → after | {Mib(before)} → **{Mib(after)}** ({Kib((after - before) / (double)many)} per connection) |"));
        text.AppendLine(string.Create(Culture, $"| silo GC heap at its last collection before → after (live and not yet collected) | {Mib(heapBefore)} → {Mib(heapAfter)} |"));
        text.AppendLine(string.Create(Culture, $"| allocated by the silo while opening | {Mib(Allocated(scrape) - allocatedBefore)} ({Kib((Allocated(scrape) - allocatedBefore) / many)} per connection) |"));
        text.AppendLine(string.Create(Culture, $"| a new client while all are open | connected, authenticated and answered `SELECT 1` in {Fixed(newClientMs, 1)} ms |"));
        text.AppendLine(string.Create(Culture, $"| held connections answering `SELECT 1` afterwards | **{Count(answered)} of {Count(many)}**{(failures.IsEmpty ? string.Empty : $" (first failure: {failures.First()})")} |"));
        text.AppendLine(string.Create(Culture, $"| limits | open files (soft `ulimit -n`): bench process {ProcessLimits.OpenFiles("self")}, silo {ProcessLimits.OpenFiles(silo.ProcessId.ToString(CultureInfo.InvariantCulture))}; `DynamicDb:PgWire:MaxConnections` = {Count(many + 200)} (default 1000) |"));
        return text.ToString();
    }

    private static async Task<HeldConnections> OpenAsync(PgBenchTarget target, ScramClient? scram, int count)
    {
        var held = new HeldConnections();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Openers }, async (_, token) =>
            {
                var connection = await RawPgConnection.OpenAsync(target.Port, target.User, target.Database, scram, token);
                held.Add(connection);
            });
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }

        return held;
    }

    private static double GcHeap(string scrape) => PrometheusText.Sum(scrape, "dotnet_gc_last_collection_heap_size_bytes") ?? double.NaN;

    private static double Allocated(string scrape) => PrometheusText.Sum(scrape, AllocatedCounter) ?? double.NaN;

    /// <summary>
    /// Polls the silo's <c>/metrics</c> until <c>dyndb_pgwire_connections_open</c> is <paramref name="open"/> (the
    /// exporter caches a scrape for a moment, and closed connections are noticed asynchronously); answers that scrape.
    /// </summary>
    private static async Task<string> ScrapeWhenOpenAsync(HaSiloProcess silo, int open)
    {
        var started = Stopwatch.GetTimestamp();
        string scrape;
        do
        {
            scrape = await HaSiloProcess.GetOkAsync(silo.Admin, "/metrics");
            if (PrometheusText.Sum(scrape, OpenGauge) == open)
            {
                return scrape;
            }

            await Task.Delay(100);
        }
        while (Stopwatch.GetElapsedTime(started) < GaugeDeadline);

        throw new TimeoutException($"{OpenGauge} did not reach {open} within {GaugeDeadline.TotalSeconds} s (last: {PrometheusText.Sum(scrape, OpenGauge)}).");
    }

    private static string Mib(double bytes) => double.IsNaN(bytes) ? "—" : $"{Fixed(bytes / (1024 * 1024), 1)} MiB";

    private static string Kib(double bytes) => double.IsNaN(bytes) ? "—" : $"{Fixed(bytes / 1024, 1)} KiB";

    /// <summary>Connections held open until disposed (then closed with Terminate).</summary>
    private sealed class HeldConnections : IAsyncDisposable
    {
        private readonly ConcurrentBag<RawPgConnection> _connections = [];

        public IReadOnlyCollection<RawPgConnection> Connections => _connections;

        public void Add(RawPgConnection connection) => _connections.Add(connection);

        public async ValueTask DisposeAsync()
        {
            foreach (var connection in _connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
