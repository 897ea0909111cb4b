using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Testing;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Reminders;

/// <summary>Reminders end to end through grains, on each reminder table. Periods are short: the minimum is lowered for tests.</summary>
public abstract class ReminderServiceTests
{
    protected static readonly TimeSpan Period = TimeSpan.FromMilliseconds(300);

    protected abstract void UseReminders(ISiloBuilder silo);

    [Fact]
    public async Task A_reminder_activates_its_grain_when_it_is_not_active()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<IReminderGrain>(key);
        await grain.Start("wake", TimeSpan.FromMilliseconds(500), Period);

        await grain.Deactivate();
        await Eventually.True(() => Probe.Count(key, "activated") >= 2 && Probe.Count(key, "tick:wake") >= 1, "the reminder re-activates the grain and ticks");
    }

    [Fact]
    public async Task A_reminder_keeps_ticking_every_period()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        await cluster.GrainFactory.GetGrain<IReminderGrain>(key).Start("beat", TimeSpan.Zero, Period);

        await Eventually.True(() => Probe.Count(key, "tick:beat") >= 3, "three ticks");
    }

    [Fact]
    public async Task Registered_reminders_are_listed_and_an_unregistered_one_is_gone()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IReminderGrain>(Probe.NewName());
        await grain.Start("a", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        await grain.Start("b", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        await grain.Start("b", TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(6));

        Assert.Equal(["a", "b"], await grain.List());
        await grain.Stop("a");
        Assert.Equal(["b"], await grain.List());
    }

    [Fact]
    public async Task A_period_below_the_minimum_is_refused_with_the_setting_named()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IReminderGrain>(Probe.NewName());

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Start("fast", TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));

        Assert.Contains("MinimumReminderPeriod", error.Message, StringComparison.Ordinal);
        Assert.Empty(await grain.List());
    }

    [Fact]
    public async Task A_grain_that_is_not_remindable_cannot_register_a_reminder()
    {
        await using var cluster = await StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.GrainFactory.GetGrain<ILifecycleGrain>(Probe.NewName()).RegisterReminderWithoutBeingRemindable());

        Assert.Contains("IRemindable", error.Message, StringComparison.Ordinal);
    }

    protected Task<TestCluster> StartAsync() => TestClusters.StartAsync(silo =>
    {
        UseReminders(silo);
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100));
    });
}

/// <summary>Tables that keep reminders across a silo restart.</summary>
public abstract class DurableReminderServiceTests : ReminderServiceTests
{
    [Fact]
    public async Task A_reminder_keeps_firing_after_a_silo_restart()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        await cluster.GrainFactory.GetGrain<IReminderGrain>(key).Start("durable", TimeSpan.FromMilliseconds(200), Period);

        await cluster.RestartSiloAsync(cluster.Primary);
        var before = Probe.Count(key, "tick:durable");

        await Eventually.True(() => Probe.Count(key, "tick:durable") > before, "the restarted silo picks the reminder up from the table");
    }
}

public sealed class InMemoryReminderServiceTests : ReminderServiceTests
{
    [Fact]
    public async Task Without_a_reminder_service_registering_a_reminder_says_how_to_configure_one()
    {
        await using var cluster = await TestClusters.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.GrainFactory.GetGrain<IReminderGrain>(Probe.NewName()).Start("r", TimeSpan.Zero, TimeSpan.FromMinutes(1)));

        Assert.Contains("UseAdoNetReminderService", error.Message, StringComparison.Ordinal);
    }

    protected override void UseReminders(ISiloBuilder silo) => silo.UseInMemoryReminderService();
}

public sealed class SqliteReminderServiceTests : DurableReminderServiceTests, IDisposable
{
    private readonly Storage.SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override void UseReminders(ISiloBuilder silo) => silo.UseAdoNetReminderService(o =>
    {
        o.Invariant = AdoNetInvariants.InvariantNameSqlite;
        o.ConnectionString = _file.ConnectionString;
    });
}

[Collection(Infrastructure.PostgresCollection.Name)]
public sealed class PostgresReminderServiceTests(PostgresFixture postgres) : DurableReminderServiceTests
{
    private readonly string _connectionString = postgres.Server.CreateDatabaseAsync("reminders").GetAwaiter().GetResult();

    protected override void UseReminders(ISiloBuilder silo) => silo.UseAdoNetReminderService(o =>
    {
        o.Invariant = AdoNetInvariants.InvariantNamePostgreSql;
        o.ConnectionString = _connectionString;
    });
}
