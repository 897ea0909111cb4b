using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Reminders;
using Orleans.DynamicDb.Runtime.Testing;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Cluster;

/// <summary>Three in-process silos over real loopback TCP, sharing an in-memory membership table, directory and reminder table.</summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private readonly InMemoryReminderTable _reminders = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.ConfigureSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(TestClusters).Assembly);
            silo.Services.AddSingleton<IReminderTable>(_reminders);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await Eventually.True(() => _cluster.Silos.All(s => TestCluster.MembershipOf(s).ActiveSilos.Count == 3), "every silo sees three active silos");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Concurrent_first_calls_arriving_at_every_silo_create_one_activation()
    {
        var key = Probe.NewName("one");

        var ids = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() =>
            Client(i % 3).GetGrain<ILocatedGrain>(key).GetActivationId())));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, Probe.Count(key, "constructed"));
    }

    [Fact]
    public async Task Every_silo_reaches_a_grain_wherever_it_lives()
    {
        var grain = Probe.NewName();
        var places = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i + 1, await Client(i).GetGrain<ILocatedGrain>(grain).Increment());
            places.Add(await Client(i).GetGrain<ILocatedGrain>(grain).WhereAmI());
        }

        Assert.Single(places);
    }

    [Fact]
    public async Task Grains_are_spread_over_the_silos()
    {
        var places = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Client(0).GetGrain<ILocatedGrain>(Probe.NewName()).WhereAmI()));

        Assert.Equal(3, places.Distinct().Count());
    }

    [Fact]
    public async Task When_the_silo_of_a_grain_dies_the_next_call_reactivates_it_on_a_survivor()
    {
        var key = Probe.NewName();
        var (host, survivor) = await HostAndSurvivorAsync(key);
        var dead = TestCluster.AddressOf(host);

        await _cluster.KillSiloAsync(host);
        await Eventually.True(() => TestCluster.MembershipOf(survivor).IsDead(dead), "the survivors declare the killed silo dead");

        var where = await Eventually.Within(Retry(() => _Client(survivor).GetGrain<ILocatedGrain>(key).WhereAmI()), "a call after the silo died");
        Assert.NotEqual(dead.ToParsableString(), where);
    }

    [Fact]
    public async Task Calls_in_flight_to_a_silo_that_dies_fail_fast_with_a_clear_error()
    {
        var key = Probe.NewName();
        var (host, survivor) = await HostAndSurvivorAsync(key);
        var gate = Probe.NewName();
        var dead = TestCluster.AddressOf(host);

        var call = _Client(survivor).GetGrain<ILocatedGrain>(key).Hold(gate);
        await _cluster.KillSiloAsync(host);

        var error = await Eventually.Within(Assert.ThrowsAsync<SiloUnavailableException>(() => call), "the failed call", TimeSpan.FromSeconds(10));
        Assert.Contains(dead.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Probe.Open(gate);
    }

    [Fact]
    public async Task A_silo_that_joins_later_is_seen_by_all_and_takes_new_grains()
    {
        var added = await _cluster.StartAdditionalSiloAsync();
        var address = TestCluster.AddressOf(added);
        await Eventually.True(() => _cluster.Silos.All(s => TestCluster.MembershipOf(s).ActiveSilos.Contains(address)), "every silo sees the new silo");

        var places = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => Client(0).GetGrain<ILocatedGrain>(Probe.NewName()).WhereAmI()));

        Assert.Contains(address.ToParsableString(), places);
    }

    [Fact]
    public async Task A_silo_that_finds_itself_declared_dead_stops()
    {
        var victim = _cluster.Silos[2];
        var stopping = victim.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var address = TestCluster.AddressOf(victim);
        var table = (IMembershipTable)victim.ServiceProvider.GetRequiredService(typeof(IMembershipTable));

        var data = await table.ReadAll();
        Assert.True(data.TryGet(address, out var entry, out var etag));
        Assert.True(await table.UpdateRow(entry with { Status = SiloStatus.Dead }, etag, data.Version.Next()));

        await Eventually.True(() => stopping.IsCancellationRequested, "the silo declared dead stops itself");
    }

    [Fact]
    public async Task Reminders_keep_firing_after_the_silo_that_owned_them_dies()
    {
        var key = Probe.NewName();
        await Client(0).GetGrain<ILocatedGrain>(key).StartReminder("beat", TimeSpan.FromMilliseconds(200));
        await Eventually.True(() => Probe.Entries(key).Any(e => e.StartsWith("tick:beat", StringComparison.Ordinal)), "the reminder ticks");
        var owner = _cluster.Silos.First(s => TestCluster.MembershipOf(s).Ring.OwnerOf(new GrainId("located", key).GetUniformHashCode()) == TestCluster.AddressOf(s));

        await _cluster.KillSiloAsync(owner);
        var survivors = _cluster.Silos;
        await Eventually.True(() => survivors.All(s => TestCluster.MembershipOf(s).ActiveSilos.Count == 2), "the survivors drop the dead owner");
        var ticksBefore = Probe.Entries(key).Count(e => e.StartsWith("tick:beat", StringComparison.Ordinal));

        await Eventually.True(() => Probe.Entries(key).Count(e => e.StartsWith("tick:beat", StringComparison.Ordinal)) > ticksBefore + 2, "the reminder keeps ticking on a survivor");
    }

    private IClusterClient Client(int silo) => _Client(_cluster.Silos[silo]);

    private static IClusterClient _Client(SiloHandle silo) => silo.ServiceProvider.GetRequiredService<IClusterClient>();

    /// <summary>Activates the grain and returns the silo it lives on and another one.</summary>
    private async Task<(SiloHandle Host, SiloHandle Survivor)> HostAndSurvivorAsync(string key)
    {
        var where = await Client(0).GetGrain<ILocatedGrain>(key).WhereAmI();
        var host = _cluster.Silos.Single(s => TestCluster.AddressOf(s).ToParsableString() == where);
        return (host, _cluster.Silos.First(s => s != host));
    }

    /// <summary>Retries while the cluster still routes to the dead silo (SiloUnavailableException), as a caller would.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        while (true)
        {
            try
            {
                return await call();
            }
            catch (SiloUnavailableException)
            {
                await Task.Delay(100);
            }
        }
    }
}
