namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>Registers reminders; every tick is logged as "tick:{name}" under the grain key.</summary>
public interface IReminderGrain : IGrainWithStringKey
{
    Task Start(string name, TimeSpan dueTime, TimeSpan period);

    Task Stop(string name);

    Task<string[]> List();

    Task Deactivate();
}
