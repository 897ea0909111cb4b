using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public sealed class ReminderGrain : Grain, IReminderGrain, IRemindable
{
    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.Log(Key, "activated");
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Probe.Log(Key, $"tick:{reminderName}");
        return Task.CompletedTask;
    }

    public Task Start(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Stop(string name)
    {
        if (await GetReminder(name) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    public async Task<string[]> List() => [.. (await GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
