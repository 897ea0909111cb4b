using Orleans.Runtime;

namespace Orleans.DynamicDb.Providers.Tests.Infrastructure;

/// <summary>A test grain whose count and reminder ticks live in Orleans' default grain storage.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    Task ClearAsync();

    Task StartReminderAsync(string name, TimeSpan period);

    Task StopReminderAsync(string name);

    Task<bool> HasReminderAsync(string name);

    Task<int> TicksAsync(string name);
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public Dictionary<string, int> Ticks { get; set; } = [];
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain, IRemindable
{
    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);

    public Task ClearAsync() => state.ClearStateAsync();

    public Task StartReminderAsync(string name, TimeSpan period) => this.RegisterOrUpdateReminder(name, period, period);

    public async Task StopReminderAsync(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task<bool> HasReminderAsync(string name) => await this.GetReminder(name) is not null;

    public Task<int> TicksAsync(string name) => Task.FromResult(state.State.Ticks.GetValueOrDefault(name));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks[reminderName] = state.State.Ticks.GetValueOrDefault(reminderName) + 1;
        await state.WriteStateAsync();
    }
}
