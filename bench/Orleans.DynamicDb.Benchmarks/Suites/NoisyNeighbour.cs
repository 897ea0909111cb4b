using System.Diagnostics;
using System.Net;
using System.Text;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Databases;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 7, part <c>neighbour</c>: while three runaway statements of app A (an endless recursive CTE, each on its own
/// database of app A and its own HTTP connection, so that they run at once) run until the engine's statement timeout interrupts them, how long app B's small reads
/// (<c>POST /v1/database/query</c> by primary key, one at a time on one connection) and <c>GET /health/ready</c>
/// (every 50 ms on a third connection) take, against the same two loops on a quiet silo just before. The real silo
/// application in this process on a loopback port, the embedded engine with a statement timeout of
/// <see cref="StatementTimeout"/>. Bounded: a fixed number of rounds, each ending when the three runaways have answered.
/// </summary>
internal static class NoisyNeighbour
{
    public const string Part = "neighbour";
    private const int Rounds = 3;
    private const int Runaways = 3;
    private const int Rows = 1000;
    private const string VictimApp = "victim";
    private const string VictimKey = "victim-api-key-2026-12-04-0123456789";
    private const string RunawaySql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    // 8 s by default; DYNDB_BENCH_STATEMENT_TIMEOUT_S=30 runs the engine's default, as the issue's report did (longer).
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("DYNDB_BENCH_STATEMENT_TIMEOUT_S"), out var seconds) && seconds > 0 ? seconds : 8);
    private static readonly TimeSpan HealthInterval = TimeSpan.FromMilliseconds(50);

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        using var directory = BenchDirectory.Create(Part);
        await using var silo = await GatewaySilo.StartAsync(
            directory.Path,
            "--DynamicDb:Auth:ApiKeys:1:App", VictimApp,
            "--DynamicDb:Auth:ApiKeys:1:Key", VictimKey,
            "--DynamicDb:Engines:0:Id", "sqlite",
            "--DynamicDb:Engines:0:Kind", "sqlite",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:DataDirectory", directory.Path,
            "--DynamicDb:Engines:0:StatementTimeout", StatementTimeout.ToString());
        var address = silo.Http.BaseAddress!;
        using var victim = Client(address, VictimKey);
        using var health = Client(address, null);
        var runawayClients = Enumerable.Range(0, Runaways).Select(_ => Client(address, GatewaySilo.ApiKey)).ToArray();
        try
        {
            for (var r = 0; r < Runaways; r++)
            {
                await silo.PostAsync("/v1/database/create", $$"""{"database": "runaway{{r}}", "hibernation_timeout_seconds": 0}""");
            }

            await PostAsync(victim, "/v1/database/create", """{"database": "small", "hibernation_timeout_seconds": 0}""");
            var grain = silo.Client.GetGrain<IDatabaseGrain>($"{VictimApp}/small");
            await grain.ExecAsync(new Statement("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
            await grain.TransactionAsync([.. Enumerable.Range(1, Rows).Select(k => Statement.Of("INSERT INTO kv (k, v) VALUES (?, ?)", k, $"value {k}"))]);

            var quietQueries = new List<long>();
            var quietHealth = new List<long>();
            var noisyQueries = new List<long>();
            var noisyHealth = new List<long>();
            var runawayAnswers = new List<string>();
            var runawaySeconds = new List<double>();
            var errors = 0;
            var quiet = settings.Duration(TimeSpan.FromSeconds(3));
            for (var round = 0; round < Rounds; round++)
            {
                Console.WriteLine($"  round {round + 1}: quiet for {quiet.TotalSeconds:F0} s, then {Runaways} runaway statements of app A");
                using (var stop = new CancellationTokenSource(quiet))
                {
                    var loops = await Task.WhenAll(QueryLoopAsync(victim, stop.Token), HealthLoopAsync(health, stop.Token));
                    quietQueries.AddRange(loops[0].Ticks);
                    quietHealth.AddRange(loops[1].Ticks);
                    errors += loops[0].Errors + loops[1].Errors;
                }

                using (var stop = new CancellationTokenSource())
                {
                    var started = Stopwatch.GetTimestamp();
                    var runaways = runawayClients.Select((client, r) => RunawayAsync(client, $"runaway{r}")).ToArray();
                    var queryLoop = QueryLoopAsync(victim, stop.Token);
                    var healthLoop = HealthLoopAsync(health, stop.Token);
                    var answers = await Task.WhenAll(runaways);
                    runawaySeconds.Add(TicksToSeconds(Stopwatch.GetTimestamp() - started));
                    await stop.CancelAsync();
                    var loops = await Task.WhenAll(queryLoop, healthLoop);
                    noisyQueries.AddRange(loops[0].Ticks);
                    noisyHealth.AddRange(loops[1].Ticks);
                    errors += loops[0].Errors + loops[1].Errors;
                    runawayAnswers.AddRange(answers);
                }
            }

            var answerSummary = string.Join("; ", runawayAnswers.GroupBy(a => a).Select(g => $"{g.Count()} × {g.Key}"));
            var runawayNote = $"{Rounds} rounds × {Runaways} runaway `POST /v1/database/query` of app A on {Runaways} databases (statement timeout {StatementTimeout.TotalSeconds:F0} s), "
                + $"all three answered after {Stats.Spread(runawaySeconds, "F1")} s; answers: {answerSummary}; {errors} failed request(s) of app B or health";
            Add(table, "app B: `POST /v1/database/query` by primary key, quiet silo", quietQueries, $"{Rounds} × {quiet.TotalSeconds:F0} s");
            Add(table, $"app B: the same while {Runaways} runaway statements of app A run", noisyQueries, runawayNote);
            Add(table, "`GET /health/ready`, quiet silo (every 50 ms)", quietHealth, $"{Rounds} × {quiet.TotalSeconds:F0} s");
            Add(table, $"`GET /health/ready` while {Runaways} runaway statements of app A run", noisyHealth, runawayNote);
        }
        finally
        {
            foreach (var client in runawayClients)
            {
                client.Dispose();
            }
        }
    }

    private static void Add(ResultTable table, string scenario, List<long> ticks, string notes)
    {
        var latencies = new Latencies(ticks);
        table.Add(new ResultRow(
            "7. Noisy neighbour",
            scenario,
            $"p50 **{Fixed(latencies.Ms(50), 2)} ms**, p99 **{Fixed(latencies.Ms(99), 2)} ms**, max {Fixed(latencies.Ms(100), 1)} ms",
            $"{Count(latencies.Count)} requests",
            $"{notes}; {latencies.Tails(2)}"));
    }

    private static HttpClient Client(Uri address, string? key)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        return client;
    }

    private static async Task PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<string> RunawayAsync(HttpClient client, string database)
    {
        using var content = new StringContent($$"""{"database": "{{database}}", "sql": "{{RunawaySql}}"}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/v1/database/query", content);
        var text = await response.Content.ReadAsStringAsync();
        var code = text.Contains("sql.timeout", StringComparison.Ordinal) ? "sql.timeout" : text.Length > 80 ? text[..80] : text;
        return $"{(int)response.StatusCode} {code}";
    }

    private static async Task<(List<long> Ticks, int Errors)> QueryLoopAsync(HttpClient client, CancellationToken stop)
    {
        var ticks = new List<long>();
        var errors = 0;
        var random = new Random(2026_12_04);
        while (!stop.IsCancellationRequested)
        {
            var key = random.Next(1, Rows + 1);
            var before = Stopwatch.GetTimestamp();
            using var content = new StringContent($$"""{"database": "small", "sql": "SELECT v FROM kv WHERE k = ?", "args": [{{key}}]}""", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/v1/database/query", content, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            ticks.Add(Stopwatch.GetTimestamp() - before);
            if (!response.IsSuccessStatusCode || !text.Contains($"\"value {key}\"", StringComparison.Ordinal))
            {
                errors++;
            }
        }

        return (ticks, errors);
    }

    private static async Task<(List<long> Ticks, int Errors)> HealthLoopAsync(HttpClient client, CancellationToken stop)
    {
        var ticks = new List<long>();
        var errors = 0;
        while (!stop.IsCancellationRequested)
        {
            var before = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync("/health/ready", CancellationToken.None);
            await response.Content.ReadAsStringAsync(CancellationToken.None);
            ticks.Add(Stopwatch.GetTimestamp() - before);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                errors++;
            }

            try
            {
                // Pacing between probes, not synchronisation: a probe every 50 ms, as a load balancer would send them.
                await Task.Delay(HealthInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (ticks, errors);
    }
}
