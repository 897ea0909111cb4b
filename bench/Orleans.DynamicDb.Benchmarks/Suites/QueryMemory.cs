using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Databases;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 7, part <c>results</c>: the memory one large query costs the silo (in this process, SQLite, loopback). The query
/// makes 1,000,000 rows (<c>x</c>, <c>'row ' || x</c>: about 32 MB of JSON) from a recursive CTE, with the result caps
/// raised to let them all through. (a) "before": the old full-buffer path, reproduced in-process as the gateway ran it
/// (<c>IDatabaseGrain.QueryAsync</c>, then one dictionary per row, then the JSON serialised whole, to a null stream);
/// (b) "after": <c>POST /v1/database/query</c>, streamed page by page, read by an HTTP client that discards it. For each:
/// the peak working set above the baseline (sampled every 5 ms, baseline after a warm-up on 1000 rows, a full GC and
/// malloc_trim), the bytes the process allocated (<c>GC.GetTotalAllocatedBytes</c>, client included for (b)) and the
/// time to the first byte. Each variant runs in a fresh process (parts <c>results-before</c> and <c>results-after</c>),
/// so neither inherits the heap the other grew.
/// </summary>
internal static class QueryMemory
{
    /// <summary>The part that measures the old path.</summary>
    public const string Before = "results-before";

    /// <summary>The part that measures the streamed gateway.</summary>
    public const string After = "results-after";

    private const string Name = "results";

    /// <summary>Measures <paramref name="variant"/> (<see cref="Before"/> or <see cref="After"/>); run each in its own process.</summary>
    public static async Task RunAsync(BenchSettings settings, ResultTable table, string variant)
    {
        // 1,000,000 rows by default; DYNDB_BENCH_RESULT_ROWS=5000000 checks whether what streaming keeps grows with the result.
        var rows = int.TryParse(Environment.GetEnvironmentVariable("DYNDB_BENCH_RESULT_ROWS"), out var wanted) && wanted is > 0 and <= 10_000_000
            ? wanted
            : settings.Calls(1_000_000);
        var sql = Sql(rows);
        using var directory = BenchDirectory.Create("results");
        await using var silo = await GatewaySilo.StartAsync(
            directory.Path,
            "--DynamicDb:Gateway:MaxResultRows", "10000000",
            "--DynamicDb:Gateway:MaxResultBytes", $"{1L << 32}",
            "--DynamicDb:Databases:QueryTimeout", "00:04:00");
        await silo.PostAsync("/v1/database/create", $$"""{"database": "{{Name}}", "hibernation_timeout_seconds": 0}""");
        var grain = silo.Database(Name);
        var body = JsonSerializer.Serialize(new { database = Name, sql });

        // Warm-up on a small result (JIT, pools, SQLite), so the measured round costs only the large result.
        await RunAsync(silo, grain, variant, JsonSerializer.Serialize(new { database = Name, sql = Sql(1000) }), Sql(1000), 1000);
        var measured = await MeasureAsync(first => RunAsync(silo, grain, variant, body, sql, rows, first));
        var scenario = variant == Before
            ? $"(a) before: full buffer (grain `QueryAsync`, dictionaries, JSON), {rows:N0} rows"
            : $"(b) after: streamed `POST /v1/database/query`, {rows:N0} rows";
        table.Add(new ResultRow("7. Result memory", scenario, Mib(measured.PeakBytes), "one run in a fresh process", measured.Describe()));
    }

    private static string Sql(int rows) => $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) SELECT x, 'row ' || x AS name FROM c";

    private static async Task<int> RunAsync(GatewaySilo silo, IDatabaseGrain grain, string variant, string body, string sql, int rows, Action? first = null)
    {
        if (variant == Before)
        {
            var result = await grain.QueryAsync(new Statement(sql));
            first?.Invoke();
            var items = result.Rows.Select(r => r.Select((v, i) => (result.Columns[i], v)).ToDictionary(p => p.Item1, p => p.v)).ToList();
            await JsonSerializer.SerializeAsync(Stream.Null, new { items, count = items.Count, columns = result.Columns }, Options);
            return items.Count == rows ? rows : throw new InvalidOperationException($"{items.Count} rows instead of {rows}");
        }

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/database/query") { Content = content };
        using var response = await silo.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (total == 0)
            {
                first?.Invoke();
            }

            total += read;
        }

        return response.IsSuccessStatusCode ? rows : throw new InvalidOperationException($"query answered {(int)response.StatusCode}");
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<Measurement> MeasureAsync(Func<Action, Task<int>> run)
    {
        _ = MemorySnapshot.Take();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            using var sampled = Process.GetCurrentProcess();
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                sampled.Refresh();
                peak = Math.Max(Volatile.Read(ref peak), sampled.WorkingSet64);
            }
        });

        var started = Stopwatch.GetTimestamp();
        var firstByte = TimeSpan.Zero;
        var count = await run(() => firstByte = Stopwatch.GetElapsedTime(started));
        var elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        try
        {
            await sampler;
        }
        catch (OperationCanceledException)
        {
        }

        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        return new Measurement(count, peak - baseline, GC.GetTotalAllocatedBytes(precise: true) - allocated, firstByte, elapsed, baseline);
    }

    private static string Mib(long bytes) => $"**{Fixed(bytes / (1024.0 * 1024), 1)} MiB** peak working set above baseline";

    private sealed record Measurement(int Rows, long PeakBytes, long AllocatedBytes, TimeSpan FirstByte, TimeSpan Elapsed, long Baseline)
    {
        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"allocated {AllocatedBytes / (1024.0 * 1024):F0} MiB; first byte after {FirstByte.TotalMilliseconds:F0} ms, all {Rows:N0} rows after {Elapsed.TotalMilliseconds:F0} ms; baseline working set {Baseline / (1024.0 * 1024):F0} MiB");
    }
}
