using System.Net;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry;

/// <summary>
/// deploy/grafana/dyndb.json against a real silo process: every series a panel, annotation or variable queries is in
/// the silo's <c>/metrics</c> once the silo created, woke and hibernated a database and switched one to another engine.
/// </summary>
public sealed class GrafanaBoardTests
{
    private static readonly string BoardPath = Path.Combine(RepositoryRoot(), "deploy", "grafana", "dyndb.json");

    [Fact]
    public void The_board_has_the_seeds_four_panels_plus_databases_and_wake_latency()
    {
        var board = GrafanaBoard.Load(BoardPath);
        var titles = board.Panels.Select(p => p.GetProperty("title").GetString()!).ToList();

        foreach (var expected in new[] { "Statement latency", "Switches timeline", "Engine health state", "SQLite worker pool", "Memory", "CPU", "Databases active / hibernated", "Wake latency" })
        {
            Assert.Contains(titles, t => t.StartsWith(expected, StringComparison.Ordinal));
        }

        Assert.All(board.Panels, p => Assert.NotEmpty(p.GetProperty("targets").EnumerateArray()));
        Assert.True(board.MetricNames().Count >= 20, string.Join(", ", board.MetricNames().Keys));
    }

    [Fact]
    public void Metric_names_are_read_from_promql_without_functions_keywords_labels_or_literals()
    {
        var names = GrafanaBoard.MetricNamesOf(
            "histogram_quantile(0.99, sum by (le, engine) (rate(dyndb_a_bucket{instance=~\"$instance\", x=\"by(y)\"}[$__rate_interval]))) "
            + "/ on (engine) group_left(state) max without (code) (dyndb_b) > bool 0 or vector(1) + count(up_c offset 5m)");

        Assert.Equal(["dyndb_a_bucket", "dyndb_b", "up_c"], names);
    }

    [Fact]
    public async Task Every_series_the_board_queries_is_exported_by_a_silo_that_created_woke_hibernated_and_switched_databases()
    {
        var board = GrafanaBoard.Load(BoardPath);
        var wanted = board.MetricNames();
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(data.Path, Arguments());
        await silo.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(60) };
        var app = new GatewayClient(http, [("X-API-Key", GatewaySilo.AlphaKey)]);
        var admin = new GatewayClient(http, [("X-API-Key", AdminCredentials.AdminKey)]);

        // Create (with a short hibernation timeout), write, fail a statement, switch to the other engine (rows copied),
        // wait until it hibernated, then wake it with a query.
        (await app.PostAsync("create", new { database = "board", hibernation_timeout_seconds = 1 })).EnsureOk();
        (await app.ExecAsync("board", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")).EnsureOk();
        (await app.ExecAsync("board", "INSERT INTO t (v) VALUES ('a'), ('b'), ('c')")).EnsureOk();
        (await app.ExecAsync("board", "INSERT INTO missing_table (v) VALUES ('x')")).AssertProblem(HttpStatusCode.BadRequest, "sql.error");
        var switched = (await admin.PostAsync("/v1/admin/databases/alpha/board/switch", new { target_engine = "archive" })).EnsureOk().Json;
        Assert.True(switched.GetProperty("success").GetBoolean(), switched.ToString());
        await PollAsync(async () => (await app.GetAsync("status?database=board")).EnsureOk().Json.GetProperty("status").GetString() == "hibernated", "the database to hibernate");
        Assert.Equal(3, (await app.RowsAsync("board", "SELECT id FROM t")).Count);

        string body = "";
        List<string> missing = [];
        await PollAsync(async () =>
        {
            body = await http.GetStringAsync("/metrics");
            var exported = body.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('{', ' ')[0]).ToHashSet(StringComparer.Ordinal);
            missing = [.. wanted.Keys.Where(name => !exported.Contains(name))];
            return missing.Count == 0;
        }, "every series of the board", throwOnTimeout: false);

        Assert.True(missing.Count == 0,
            $"The board queries series the silo does not export:\n{string.Join('\n', missing.Select(m => $"  {m} (first in {wanted[m]})"))}\n"
            + $"Exported dyndb_* series:\n{string.Join('\n', body.Split('\n').Where(l => l.StartsWith("dyndb_", StringComparison.Ordinal)).Select(l => l.Split('{', ' ')[0]).Distinct())}");

        // The one database woke on 'sqlite', moved to 'archive', hibernated there and woke again: it is counted awake
        // under 'archive' only (the board sums the gauge per engine, so a count left behind on 'sqlite' would show).
        Assert.True(
            Active(body, "sqlite") == 0 && Active(body, "archive") == 1,
            $"dyndb_database_active per engine after the switch: sqlite {Active(body, "sqlite")}, archive {Active(body, "archive")} (want 0 and 1).");
    }

    private static double Active(string metrics, string engine) => metrics.Split('\n')
        .Where(l => l.StartsWith("dyndb_database_active{", StringComparison.Ordinal) && l.Contains($"engine=\"{engine}\"", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static string[] Arguments() =>
    [
        "--Logging:LogLevel:Default", "Warning",
        .. GatewaySilo.AuthArguments,
        .. AdminCredentials.Arguments,
        "--DynamicDb:Engines:0:Id", "sqlite",
        "--DynamicDb:Engines:0:Kind", "sqlite",
        "--DynamicDb:Engines:0:Default", "true",
        "--DynamicDb:Engines:1:Id", "archive",
        "--DynamicDb:Engines:1:Kind", "sqlite",
        "--DynamicDb:Engines:1:DataDirectory", "archive",
    ];

    /// <summary>Polls <paramref name="condition"/> every 200 ms for up to 60 s.</summary>
    private static async Task PollAsync(Func<Task<bool>> condition, string what, bool throwOnTimeout = true)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.False(throwOnTimeout, $"Timed out waiting for {what}.");
                return;
            }

            await Task.Delay(200); // polling interval of a condition with a deadline, not synchronisation
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orleans.DynamicDb.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Orleans.DynamicDb.sln above {AppContext.BaseDirectory}.");
    }
}
