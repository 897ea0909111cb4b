using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Orleans.DynamicDb.Grains.Tests.Tiers;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Sessions;

/// <summary>
/// Session grains classify their session (rules, then the small test model) when it opens and as its reports arrive,
/// and tell the connection and the registry; every report goes through the cluster client (serialized).
/// </summary>
public sealed class SessionGrainTierTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private InProcessTestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync()
    {
        var model = TinyTierModel.Path;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicDb:Sessions:KeepAliveInterval"] = "00:01:00",
            ["DynamicDb:Tiers:ModelPath"] = model,
            ["DynamicDb:Tiers:MinDwell"] = "00:00:00.200",
            ["DynamicDb:Tiers:MinStatements"] = "0",
            ["DynamicDb:Tiers:RescoreInterval"] = "00:00:00.010",
            ["DynamicDb:Tiers:Rules:0:App"] = "billing",
            ["DynamicDb:Tiers:Rules:0:Tier"] = "High",
            ["DynamicDb:Tiers:Rules:1:ApplicationNamePrefix"] = "etl",
            ["DynamicDb:Tiers:Rules:1:Tier"] = "Background",
        }));
        builder.ConfigureSilo((_, silo) => silo.Services.AddDynamicDbSessions(silo.Configuration));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_rule_gives_the_tier_when_the_session_opens_and_the_connection_and_the_registry_are_told()
    {
        var connection = new Connection();
        var opening = Opening("billing", Grains.CreateObjectReference<ISessionConnection>(connection));
        var grain = Grains.GetGrain<ISessionGrain>(opening.Id);

        await grain.ReportAsync(Report(opening, Delta(reads: 1, writes: 1), "web"));

        await Eventually.True(() => connection.Received.Count == 1, "the connection is told its tier", Wait);
        var profile = (await grain.GetAsync())!;
        Assert.Equal((Tier.High, TierSources.Rule, 1.0, (int?)0), (profile.Tier!.Tier, profile.Tier.Source, profile.Tier.Confidence, profile.Tier.Rule));
        Assert.Equal(profile.Tier, connection.Received.Single());
        await Eventually.True(async () => (await ListedAsync(Tier.High)).Contains(opening.Id), "the registry lists it as High", Wait);
        Assert.DoesNotContain(opening.Id, await ListedAsync(Tier.Low));
    }

    [Fact]
    public async Task A_setting_that_makes_a_rule_match_applies_at_once()
    {
        var connection = new Connection();
        var opening = Opening("shop", Grains.CreateObjectReference<ISessionConnection>(connection));
        var grain = Grains.GetGrain<ISessionGrain>(opening.Id);
        await grain.ReportAsync(Report(opening, Delta(reads: 1, writes: 9), "web"));
        await Eventually.True(() => connection.Received.Count == 1, "the connection is told its first tier", Wait);
        Assert.Equal(TierSources.Model, connection.Received.Single().Source);

        await grain.ReportAsync(Report(opening, SessionLoadDelta.None, "etl-nightly"));

        await Eventually.True(() => connection.Received.LastOrDefault()?.Source == TierSources.Rule, "the etl rule applies", Wait);
        Assert.Equal((Tier.Background, (int?)1), (connection.Received.Last().Tier, connection.Received.Last().Rule));
    }

    [Fact]
    public async Task A_session_whose_load_changes_is_reclassified_once_and_does_not_flap()
    {
        var connection = new Connection();
        var opening = Opening("shop", Grains.CreateObjectReference<ISessionConnection>(connection));
        var grain = Grains.GetGrain<ISessionGrain>(opening.Id);
        await grain.ReportAsync(Report(opening, Delta(reads: 1, writes: 9), "web"));
        await Eventually.True(async () =>
        {
            await grain.ReportAsync(Report(opening, Delta(reads: 1, writes: 9), null));
            return (await grain.GetAsync())?.Tier?.Tier == Tier.High;
        }, "a writing session is High", Wait);
        await Eventually.True(() => connection.Received.LastOrDefault()?.Tier == Tier.High, "the connection is told High", Wait);
        var before = connection.Received.Count;

        // It turns into a big reader: the model says Low, and after MinDwell (0.2 s) the session moves.
        await grain.ReportAsync(Report(opening, Delta(reads: 2000, writes: 0, rows: 1_000_000), null));
        await Eventually.True(async () =>
        {
            await grain.ReportAsync(Report(opening, Delta(reads: 10, writes: 0, rows: 5000), null));
            return (await grain.GetAsync())?.Tier?.Tier == Tier.Low;
        }, "the reading session is re-classified Low", Wait);

        // Alternating small reports change little: no more moves.
        for (var i = 0; i < 40; i++)
        {
            await grain.ReportAsync(Report(opening, i % 2 == 0 ? Delta(reads: 1, writes: 3) : Delta(reads: 3, writes: 0, rows: 1500), null));
        }

        var profile = (await grain.GetAsync())!;
        await Eventually.True(() => connection.Received.LastOrDefault()?.Tier == Tier.Low, "the connection is told Low", Wait);
        Assert.Equal(Tier.Low, profile.Tier!.Tier);
        Assert.Equal(TierSources.Model, profile.Tier.Source);
        Assert.True(connection.Received.Count - before == 1, $"one move, not: {string.Join(" -> ", connection.Received.Select(t => t.Tier))}");
    }

    private async Task<List<string>> ListedAsync(Tier tier) =>
        [.. (await Grains.ListSessionsAsync(new SessionFilter(Tier: tier), null, 1000)).Select(s => s.Id)];

    private static SessionOpening Opening(string app, ISessionConnection connection) => new(
        $"pg-tier-{Guid.NewGuid():N}", SessionProtocols.PgWire, app, "orders", app, "127.0.0.1", 50000, "silo-a", SessionPrivileges.App,
        "key:sha256:000000000000", null, DateTimeOffset.UtcNow, connection);

    private static SessionLoadDelta Delta(long reads, long writes, long rows = 1) =>
        new(reads + writes, reads, writes, 0, 0, reads + writes, rows, rows * 10, TimeSpan.FromMilliseconds(reads + writes).Ticks, [0, 0, reads + writes]);

    private static SessionReport Report(SessionOpening opening, SessionLoadDelta load, string? applicationName) => new(
        opening, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, load,
        applicationName is null ? null : new Dictionary<string, string> { ["application_name"] = applicationName });

    private sealed class Connection : ISessionConnection
    {
        private readonly ConcurrentQueue<TierAssignment> _received = new();

        public IReadOnlyList<TierAssignment> Received => [.. _received];

        public Task KillAsync(string reason) => Task.CompletedTask;

        public Task TierChangedAsync(TierAssignment tier)
        {
            _received.Enqueue(tier);
            return Task.CompletedTask;
        }
    }
}
