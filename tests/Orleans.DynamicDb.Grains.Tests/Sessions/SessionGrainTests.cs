using Microsoft.Extensions.Configuration;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Sessions;

/// <summary>Session grains and the registry in a one-silo test cluster, called through the cluster client (every report serialized).</summary>
public sealed class SessionGrainTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Opened = DateTimeOffset.UtcNow;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private InProcessTestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicDb:Sessions:RetainClosedFor"] = "00:00:01",
            ["DynamicDb:Sessions:ReportInterval"] = "00:00:00.100",
            ["DynamicDb:Sessions:KeepAliveInterval"] = "00:00:01",
        }));
        builder.ConfigureSilo((_, silo) => silo.Services.AddDynamicDbSessions(silo.Configuration));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_session_whose_silo_stops_reporting_is_closed_as_lost_then_forgotten()
    {
        var opening = Opening("lost");
        var grain = Grains.GetGrain<ISessionGrain>(opening.Id);

        await grain.ReportAsync(Report(opening, statements: 2));

        await Eventually.True(async () => (await grain.GetAsync())?.State == SessionStates.Open, "the session opens", Wait);
        // The registry is told one-way, so it may lag the grain by a moment.
        await Eventually.True(async () => (await ListedAsync(SessionStates.Open)).Contains(opening.Id), "the open session is listed", Wait);
        await Eventually.True(async () => (await grain.GetAsync())?.State == SessionStates.Closed, "three missed keep-alives (1 s) close it", Wait);
        Assert.StartsWith("lost: no report from silo", (await grain.GetAsync())!.CloseReason, StringComparison.Ordinal);
        await Eventually.True(async () => await grain.GetAsync() is null, "it is forgotten after RetainClosedFor (1 s)", Wait);
        await Eventually.True(async () => !(await ListedAsync(null)).Contains(opening.Id), "it leaves the registry", Wait);
    }

    [Fact]
    public async Task A_late_report_after_a_kill_adds_nothing_and_a_new_opening_reopens_the_session()
    {
        var opening = Opening("reopen");
        var grain = Grains.GetGrain<ISessionGrain>(opening.Id);
        await grain.ReportAsync(Report(opening, statements: 3));
        await Eventually.True(async () => (await grain.GetAsync())?.Load.Statements == 3, "three statements are counted", Wait);

        Assert.True(await grain.KillAsync("test"));
        await grain.ReportAsync(Report(opening, statements: 5));
        Assert.False(await grain.KillAsync("again"));
        var killed = (await grain.GetAsync())!;
        await grain.ReportAsync(Report(opening with { OpenedAt = opening.OpenedAt.AddSeconds(1) }, statements: 4));
        await Eventually.True(async () => (await grain.GetAsync())?.State == SessionStates.Open, "the new opening reopens it", Wait);

        Assert.Equal((SessionStates.Closed, 3L, "killed: test"), (killed.State, killed.Load.Statements, killed.CloseReason));
        Assert.Equal(4, (await grain.GetAsync())!.Load.Statements);
    }

    private async Task<List<string>> ListedAsync(string? state) =>
        [.. (await Grains.ListSessionsAsync(new SessionFilter(App: "shop", State: state), null, 1000)).Select(s => s.Id)];

    private static SessionOpening Opening(string name) => new(
        $"pg-{name}-{Guid.NewGuid():N}", SessionProtocols.PgWire, "shop", "orders", "shop", "127.0.0.1", 50000, "silo-a", SessionPrivileges.App,
        "key:sha256:000000000000", null, Opened, null);

    private static SessionReport Report(SessionOpening opening, long statements) => new(
        opening, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
        new SessionLoadDelta(statements, statements, 0, 0, 0, statements, statements, 100, TimeSpan.FromMilliseconds(statements).Ticks, [0, 0, statements]),
        new Dictionary<string, string> { ["application_name"] = "tests" });
}
