using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching.Policies;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Policies;

/// <summary>
/// Switching policies in an in-process cluster with real SQLite databases, reminders and grain state in a SQLite file;
/// the switch side is a recorder (what a policy asks for is the edge of its logic).
/// </summary>
public sealed class SwitchPolicyGrainTests : IDisposable
{
    /// <summary>A statement SQLite needs hundreds of milliseconds for: a recursive CTE counting to two million.</summary>
    private static readonly Statement Slow = new("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c");

    private static readonly Statement Fast = new("SELECT 1");

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _data = new();
    private readonly RecordingSwitchRequester _requester = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_database_whose_p99_passes_the_threshold_is_requested_once_and_the_cooldown_holds_the_next()
    {
        await using var cluster = await StartAsync(Performance("slow-db", threshold: "150"));
        using var metrics = Metrics(cluster);
        var slow = cluster.Client.GetGrain<IDatabaseGrain>("shop/reports");
        var fast = cluster.Client.GetGrain<IDatabaseGrain>("shop/orders");

        // Created first, so the fast database's measured statement is its query alone (creating a file on a busy machine
        // can take longer than the threshold).
        await fast.CreateAsync();
        await slow.CreateAsync();
        await fast.QueryAsync(Fast);
        await slow.QueryAsync(Slow);

        await Eventually.True(() => _requester.Requests.Count == 1, "the slow database is requested", Deadline);
        var (request, approval, _, _) = _requester.Requests[0];
        Assert.Equal(("shop", "reports", "sqlite2", "slow-db"), (request.App, request.Database, request.TargetEngine, request.Policy));
        Assert.Contains("above 150 ms", request.Reason);
        Assert.False(approval);

        // The database stays slow and on its engine (the recorder moves nothing): later evaluations are held by the cooldown.
        await Eventually.True(() => metrics.Sum(PolicyMetrics.SkipsInstrument, ("policy", "slow-db"), ("reason", "cooldown")) >= 2, "two evaluations are held by the cooldown", Deadline);
        Assert.Single(_requester.Requests);
        Assert.Equal(1, metrics.Sum(PolicyMetrics.SwitchesInstrument, ("policy", "slow-db")));
        var status = await cluster.Client.GetGrain<ISwitchPolicyGrain>("slow-db").GetAsync();
        Assert.Equal("shop/reports", $"{status.Requests.Single().App}/{status.Requests.Single().Database}");
        Assert.Equal("sqlite", status.Requests.Single().FromEngine);
    }

    [Fact]
    public async Task A_policy_switch_is_sent_as_a_signed_webhook_alert()
    {
        using var receiver = new Alerts.WebhookReceiver();
        var settings = Performance("alerting", threshold: "150");
        settings["DynamicDb:Alerts:Webhooks:0:Url"] = receiver.Url;
        settings["DynamicDb:Alerts:Webhooks:0:Secret"] = "policy-alert-secret-0123";
        await using var cluster = await StartAsync(settings);
        await cluster.Client.GetGrain<IDatabaseGrain>("shop/reports").QueryAsync(Slow);

        await Eventually.True(() => receiver.Requests.Count == 1, "the policy's alert reaches the receiver", Deadline);
        var request = receiver.Requests[0];
        Assert.Equal(AlertEvents.PolicySwitch, request.Headers["X-DynDb-Event"]);
        Assert.True(AlertSignature.Verify("policy-alert-secret-0123", request.Body, request.Headers["X-DynDb-Signature"]));
        using var json = System.Text.Json.JsonDocument.Parse(request.Body);
        var details = json.RootElement.GetProperty("details");
        Assert.Equal("alerting", details.GetProperty("policy").GetString());
        Assert.Equal(_requester.Requests.Single().Id, details.GetProperty("switch_id").GetString());
        Assert.Equal("sqlite2", details.GetProperty("target_engine").GetString());
        Assert.Equal("reports", json.RootElement.GetProperty("database").GetString());
    }

    [Fact]
    public async Task The_hourly_cap_holds_switches_once_reached()
    {
        var settings = Performance("capped", threshold: "150");
        settings["DynamicDb:Switching:CooldownSeconds"] = "0";
        settings["DynamicDb:Switching:MaxSwitchesPerHour"] = "2";
        await using var cluster = await StartAsync(settings);
        using var metrics = Metrics(cluster);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await cluster.Client.GetGrain<IDatabaseGrain>($"shop/{name}").QueryAsync(Slow);
        }

        await Eventually.True(() => metrics.Sum(PolicyMetrics.SkipsInstrument, ("policy", "capped"), ("reason", "hourly_cap")) >= 3, "later triggers are held by the cap", Deadline);
        Assert.Equal(2, _requester.Requests.Count);
        Assert.Equal(0, metrics.Sum(PolicyMetrics.SkipsInstrument, ("policy", "capped"), ("reason", "cooldown")));
    }

    [Fact]
    public async Task With_admin_approval_required_the_request_asks_for_approval()
    {
        var settings = Performance("approved", threshold: "150");
        settings["DynamicDb:Switching:RequireAdminApproval"] = "true";
        await using var cluster = await StartAsync(settings);
        await cluster.Client.GetGrain<IDatabaseGrain>("shop/reports").QueryAsync(Slow);

        await Eventually.True(() => _requester.Requests.Count == 1, "the slow database is requested", Deadline);
        Assert.True(_requester.Requests[0].RequireApproval);
    }

    [Fact]
    public async Task A_policy_watches_only_its_apps_and_never_wakes_a_hibernated_database()
    {
        var settings = Performance("scoped", threshold: "150");
        settings["DynamicDb:Switching:Policies:scoped:Apps:0"] = "shop";
        await using var cluster = await StartAsync(settings);
        var catalog = cluster.Silos[0].ServiceProvider.GetRequiredService<IDatabaseCatalog>();
        await cluster.Client.GetGrain<IDatabaseGrain>("blog/reports").QueryAsync(Slow);
        var sleeping = cluster.Client.GetGrain<IDatabaseGrain>("shop/sleeping");
        await sleeping.CreateAsync();
        var entry = (await catalog.GetAsync("shop", "sleeping"))!;
        await catalog.UpsertAsync(entry with { Status = DatabaseStatus.Hibernated });
        var policy = cluster.Client.GetGrain<ISwitchPolicyGrain>("scoped");

        await Eventually.True(async () => (await policy.GetAsync()).Evaluations >= 2, "the policy evaluates twice", Deadline);
        Assert.Empty(_requester.Requests);
        Assert.Contains("0 databases measured", (await policy.GetAsync()).LastEvaluation);
    }

    [Fact]
    public async Task A_load_based_policy_moves_a_busy_database_out_and_back_to_where_it_came_from_when_quiet()
    {
        var settings = new Dictionary<string, string?>
        {
            ["DynamicDb:Switching:CooldownSeconds"] = "0",
            ["DynamicDb:Switching:Policies:busy:TriggerType"] = "load_based",
            ["DynamicDb:Switching:Policies:busy:MaxConnectionsThreshold"] = "3",
            ["DynamicDb:Switching:Policies:busy:ScaleDownThreshold"] = "2",
            ["DynamicDb:Switching:Policies:busy:TargetEngine"] = "sqlite2",
            ["DynamicDb:Switching:Policies:busy:Window"] = "00:00:02",
        };
        await using var cluster = await StartAsync(settings);
        var catalog = cluster.Silos[0].ServiceProvider.GetRequiredService<IDatabaseCatalog>();
        var db = cluster.Client.GetGrain<IDatabaseGrain>("shop/busy");
        await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        await db.ExecAsync(new Statement("INSERT INTO t (id) VALUES (1), (2), (3)"));

        // Four cursors open at once (each a query left half read): four "connections", above the threshold of 3.
        var cursors = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            cursors.Add((await db.QueryPageAsync(new Statement("SELECT id FROM t"), new QueryPaging(1000, 1 << 20, 1, 1 << 20))).Cursor!);
        }

        // The switch side's part, played by hand: once asked, the catalog says the database is on the target.
        _requester.OnRequest = async request =>
        {
            var info = (await catalog.GetAsync(request.App, request.Database))!;
            await catalog.UpsertAsync(info with { Engine = request.TargetEngine });
        };
        await Eventually.True(() => _requester.Requests.Count == 1, "the busy database is moved out", Deadline);
        Assert.Equal("sqlite2", _requester.Requests[0].Request.TargetEngine);
        Assert.Contains("4 requests in flight at once", _requester.Requests[0].Request.Reason);
        Assert.Single((await cluster.Client.GetGrain<ISwitchPolicyGrain>("busy").GetAsync()).Out);

        foreach (var cursor in cursors)
        {
            await db.CloseCursorAsync(cursor);
        }

        await Eventually.True(() => _requester.Requests.Count == 2, "the quiet database is moved back", Deadline);
        Assert.Equal("sqlite", _requester.Requests[1].Request.TargetEngine);
        Assert.Contains("back to 'sqlite'", _requester.Requests[1].Request.Reason);
        var status = await cluster.Client.GetGrain<ISwitchPolicyGrain>("busy").GetAsync();
        Assert.Empty(status.Out);
        Assert.Equal([false, true], status.Requests.Select(r => r.Back));
    }

    [Fact]
    public async Task A_policy_set_through_the_grain_runs_again_after_a_silo_restart_through_its_reminder()
    {
        var serviceId = "policies-" + Guid.NewGuid().ToString("N")[..8];
        var policy = new SwitchPolicy("restarted", true, SwitchTriggerTypes.Performance, 150, null, "sqlite2", [], TimeSpan.FromSeconds(60));
        await using (var first = await StartAsync([], serviceId))
        {
            await first.Client.GetGrain<ISwitchPolicyGrain>("restarted").SetAsync(policy);
        }

        // Nothing in the second silo's configuration or in this test calls the policy grain: its reminder activates it.
        await using var second = await StartAsync([], serviceId);
        await second.Client.GetGrain<IDatabaseGrain>("shop/reports").QueryAsync(Slow);

        await Eventually.True(() => _requester.Requests.Count >= 1, "the policy evaluates after the restart", Deadline);
        Assert.Equal("restarted", _requester.Requests[0].Request.Policy);
    }

    [Fact]
    public async Task Deleting_a_policy_stops_it_and_removes_it_from_the_list()
    {
        await using var cluster = await StartAsync(Performance("gone", threshold: "150"));
        var policy = cluster.Client.GetGrain<ISwitchPolicyGrain>("gone");
        var index = cluster.Client.GetGrain<ISwitchPolicyIndexGrain>(ISwitchPolicyIndexGrain.Key);
        await Eventually.True(async () => (await index.ListAsync()).Contains("gone"), "the configured policy is set at start", Deadline);

        Assert.True(await policy.DeleteAsync());

        Assert.DoesNotContain("gone", await index.ListAsync());
        Assert.Null((await policy.GetAsync()).Policy);
        Assert.False(await policy.DeleteAsync());
    }

    private Task<InProcessTestCluster> StartAsync(Dictionary<string, string?> settings, string? serviceId = null) =>
        PolicyCluster.StartAsync(_data.Path, serviceId ?? "policies-" + Guid.NewGuid().ToString("N")[..8], settings, _requester);

    private static MetricRecorder Metrics(InProcessTestCluster cluster) =>
        new(cluster.Silos[0].ServiceProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), PolicyMetrics.SkipsInstrument, PolicyMetrics.SwitchesInstrument);

    private static Dictionary<string, string?> Performance(string name, string threshold) => new()
    {
        [$"DynamicDb:Switching:Policies:{name}:TriggerType"] = "performance",
        [$"DynamicDb:Switching:Policies:{name}:TriggerThresholdMs"] = threshold,
        [$"DynamicDb:Switching:Policies:{name}:TargetEngine"] = "sqlite2",
    };
}
