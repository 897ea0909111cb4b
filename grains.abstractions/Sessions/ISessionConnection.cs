using Orleans.Concurrency;

namespace Orleans.DynamicDb.Sessions;

/// <summary>The handle of a live connection on the silo that holds it, which the session grain calls to kill it.</summary>
[Alias("dyndb.ISessionConnection")]
public interface ISessionConnection : IGrainObserver
{
    /// <summary>Closes the connection; <paramref name="reason"/> is told to the client where the protocol can.</summary>
    Task KillAsync(string reason);

    /// <summary>
    /// The session grain tells the connection its new tier (at connect and whenever a re-classification changes it);
    /// the connection stamps it on every statement it sends from then on.
    /// </summary>
    [OneWay]
    Task TierChangedAsync(Tiers.TierAssignment tier);
}
