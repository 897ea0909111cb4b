namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>Tells which silo runs it; counts calls; can be held at a gate; takes reminders.</summary>
public interface ILocatedGrain : IGrainWithStringKey
{
    Task<string> WhereAmI();

    Task<Guid> GetActivationId();

    Task<int> Increment();

    Task Hold(string gate);

    Task StartReminder(string name, TimeSpan period);
}
