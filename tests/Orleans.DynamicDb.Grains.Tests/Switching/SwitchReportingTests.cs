using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.Switching.Policies;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>
/// What joins switches to policies, the audit log and alerts in a silo: the production <see cref="ISwitchRequester"/> and
/// <see cref="ISwitchHistory"/>, and the report of an ended switch (an in-process cluster, two SQLite engines, the audit
/// log in the real catalog database). The alert sink records what is published: delivery to webhooks is tested with a
/// real receiver in the alert tests.
/// </summary>
public sealed class SwitchReportingTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private readonly RecordingAlerts _alerts = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var settings = SwitchClusterFactory.TwoSqlite(("DynamicDb:Switching:ApprovalTimeout", "00:20:00"));
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddDynamicDbDatabases(silo.Configuration, _root.Path);
            silo.Services.AddSingleton<IAlertSink>(_alerts);
            silo.AddMemoryGrainStorageAsDefault();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _root.Dispose();
    }

    private IServiceProvider Services => _cluster.Silos[0].ServiceProvider;

    [Fact]
    public async Task A_policy_request_without_approval_moves_the_database_and_the_audit_log_names_the_policy_before_and_after()
    {
        var db = await SeededAsync("shop/hot");
        var requester = Services.GetRequiredService<ISwitchRequester>();
        Assert.IsType<PolicySwitchRequester>(requester);

        var id = await requester.RequestAsync(new PolicySwitch("shop", "hot", "sqlite2", "perf", "p99 812 ms over 60 s above 500 ms"), requireApproval: false, CancellationToken.None);
        var result = await db.WaitForSwitchAsync(id, TimeSpan.FromSeconds(50));

        Assert.Equal((SwitchStates.Completed, "sqlite2"), (result.State, result.NewEngine));
        Assert.Equal("sqlite2", (await Services.GetRequiredService<IDatabaseCatalog>().GetAsync("shop", "hot"))!.Engine);
        var record = await Services.GetRequiredService<ISwitchLog>().GetAsync(id);
        Assert.Equal(("policy:perf", "perf"), (record!.RequestedBy, record.Policy));
        var rows = await AuditRowsAsync("shop/hot", expected: 2);
        Assert.Equal(
            [(AuditActions.SwitchRequested, "policy:perf", AuditResults.Accepted), (AuditActions.SwitchCompleted, "policy:perf", AuditResults.Ok)],
            rows.Select(r => (r.Action, r.Actor, r.Result)));
        Assert.Contains("p99 812 ms", rows[0].Details, StringComparison.Ordinal);
        Assert.Empty(_alerts.Published);
        var history = Services.GetRequiredService<ISwitchHistory>();
        Assert.NotNull(await history.LastSwitchOfAsync("shop", "hot", CancellationToken.None));
        Assert.Null(await history.LastSwitchOfAsync("shop", "cold", CancellationToken.None));
        Assert.True(await history.CountSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None) >= 1);
    }

    [Fact]
    public async Task A_policy_request_that_needs_approval_waits_pending_without_moving_and_holds_the_database_in_cooldown()
    {
        await SeededAsync("shop/waits");
        var history = Services.GetRequiredService<ISwitchHistory>();
        var startedBefore = await history.CountSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        var asked = DateTimeOffset.UtcNow;

        var id = await Services.GetRequiredService<ISwitchRequester>().RequestAsync(new PolicySwitch("shop", "waits", "sqlite2", "load", "max concurrent 140 above 100"), requireApproval: true, CancellationToken.None);

        var pending = await Services.GetRequiredService<ISwitchLog>().GetAsync(id);
        Assert.Equal((SwitchStates.PendingApproval, "sqlite", "sqlite2", "policy:load"), (pending!.State, pending.Source, pending.Target, pending.RequestedBy));
        Assert.InRange(pending.ExpiresAt!.Value, asked.AddMinutes(19), asked.AddMinutes(21));
        Assert.Equal("sqlite", (await Services.GetRequiredService<IDatabaseCatalog>().GetAsync("shop", "waits"))!.Engine);
        Assert.NotNull(await history.LastSwitchOfAsync("shop", "waits", CancellationToken.None));
        Assert.Equal(startedBefore, await history.CountSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None));
        var rows = await AuditRowsAsync("shop/waits", expected: 1);
        Assert.Equal((AuditActions.SwitchRequested, "policy:load"), (rows[0].Action, rows[0].Actor));
        Assert.Contains("required", rows[0].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_request_for_a_database_that_does_not_exist_is_refused_naming_it()
    {
        var requester = Services.GetRequiredService<ISwitchRequester>();

        var e = await Assert.ThrowsAsync<DynamicDbException>(() => requester.RequestAsync(new PolicySwitch("shop", "ghost", "sqlite2", "perf", "r"), requireApproval: true, CancellationToken.None));

        Assert.Equal(ErrorCodes.DatabaseNotFound, e.ErrorCode);
        Assert.Contains("ghost", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolled_back_switch_leaves_a_failed_audit_row_with_its_error_code_and_a_critical_alert()
    {
        var db = await SeededAsync("shop/ddl");
        var hooks = Services.GetRequiredService<SwitchHooks>();
        hooks.PhaseEntered = async (_, phase) =>
        {
            if (phase == SwitchPhases.CatchingUp)
            {
                await db.ExecAsync(new Statement("ALTER TABLE items ADD COLUMN extra TEXT"));
            }
        };

        var result = await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2", RequestedBy: "admin:ops"));

        Assert.Equal(SwitchStates.RolledBack, result.State);
        var rows = await AuditRowsAsync("shop/ddl", expected: 1);
        Assert.Equal((AuditActions.SwitchFailed, "admin:ops", ErrorCodes.SwitchAborted), (rows[0].Action, rows[0].Actor, rows[0].Result));
        await Eventually.True(() => !_alerts.Published.IsEmpty, "the rolled back switch is alerted");
        var alert = Assert.Single(_alerts.Published);
        Assert.Equal((AlertEvents.SwitchRolledBack, AlertEvent.CriticalSeverity, "shop", "ddl"), (alert.Event, alert.Severity, alert.App, alert.Database));
        Assert.Equal(result.Id, alert.Details!["switch_id"]);
    }

    private async Task<IDatabaseGrain> SeededAsync(string key)
    {
        var db = _cluster.Client.GetGrain<IDatabaseGrain>(key);
        await db.CreateAsync("sqlite");
        await db.ExecAsync(new Statement("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
        await db.ExecAsync(new Statement("INSERT INTO items (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
        return db;
    }

    /// <summary>The audit rows of one database once there are <paramref name="expected"/> (the outcome is appended after the switch answers).</summary>
    private async Task<List<AuditRecord>> AuditRowsAsync(string target, int expected)
    {
        var audit = Services.GetRequiredService<IAuditLog>();
        List<AuditRecord> rows = [];
        await Eventually.True(async () => (rows = [.. await audit.ListAsync(new AuditQuery(Target: target))]).Count >= expected, $"{expected} audit rows for {target}");
        Assert.Equal(expected, rows.Count);
        Assert.True((await audit.VerifyAsync()).Intact);
        return rows;
    }

    private sealed class RecordingAlerts : IAlertSink
    {
        public ConcurrentQueue<AlertEvent> Published { get; } = new();

        public void Publish(AlertEvent alert) => Published.Enqueue(alert);
    }
}
