using Orleans.DynamicDb.Providers.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Providers.Tests.Storage;

/// <summary>Orleans' ADO.NET reminder table on the product's schema, on a real SQLite file and a real PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReminderTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_reminder_fires_survives_a_silo_restart_and_stops_when_unregistered(string engine)
    {
        await using var target = await StorageTarget.CreateAsync(engine, postgres);
        var serviceId = TestClusters.NewServiceId();
        var reminderRows = $"SELECT COUNT(*) FROM OrleansRemindersTable WHERE ServiceId = '{serviceId}' AND ReminderName = 'tick'";
        int ticksBeforeRestart;

        await using (var cluster = await TestClusters.StartAsync(serviceId, target.Configure))
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("reminded");
            await grain.StartReminderAsync("tick", TestClusters.ReminderPeriod);
            Assert.Equal(1, await target.CountAsync(reminderRows));
            await Eventually.True(async () => await grain.TicksAsync("tick") >= 2, "the reminder fires twice", Deadline);
            ticksBeforeRestart = await grain.TicksAsync("tick");
        }

        await using (var cluster = await TestClusters.StartAsync(serviceId, target.Configure))
        {
            // Nothing registers the reminder again: the new silo finds it in the table.
            var grain = cluster.Client.GetGrain<ICounterGrain>("reminded");
            await Eventually.True(async () => await grain.TicksAsync("tick") > ticksBeforeRestart + 1, "the reminder fires after the restart", Deadline);

            await grain.StopReminderAsync("tick");
            Assert.Equal(0, await target.CountAsync(reminderRows));
            Assert.False(await grain.HasReminderAsync("tick"));

            // A second reminder with the same period is the clock: while it fires, the stopped one must not.
            await grain.StartReminderAsync("probe", TestClusters.ReminderPeriod);
            await Eventually.True(async () => await grain.TicksAsync("probe") >= 1, "the probe reminder fires", Deadline);
            var ticksAfterStop = await grain.TicksAsync("tick");
            await Eventually.True(async () => await grain.TicksAsync("probe") >= 4, "the probe reminder fires three more times", Deadline);
            Assert.Equal(ticksAfterStop, await grain.TicksAsync("tick"));
            await grain.StopReminderAsync("probe");
        }

        Assert.Equal(0, await target.CountAsync($"SELECT COUNT(*) FROM OrleansRemindersTable WHERE ServiceId = '{serviceId}'"));
    }
}
