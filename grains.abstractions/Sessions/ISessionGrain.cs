using Orleans.Concurrency;

namespace Orleans.DynamicDb.Sessions;

/// <summary>
/// One client session (key: the session id): a PostgreSQL wire connection, or one HTTP client. It holds the
/// connection profile — who, from where, with which privileges and settings, and the query load — fed by batched
/// one-way reports of the silo that holds the connection, lives while the connection does plus
/// <c>DynamicDb:Sessions:RetainClosedFor</c>, then deactivates.
/// </summary>
[Alias("dyndb.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds what the connection saw since its last report (never called per statement). Every report carries the
    /// opening, so a grain that lost its activation rebuilds the profile from the next one.
    /// </summary>
    [OneWay]
    Task ReportAsync(SessionReport report);

    /// <summary>The profile now, or null when this id is no session (never opened, or gone after its tail).</summary>
    [ReadOnly]
    Task<SessionProfile?> GetAsync();

    /// <summary>
    /// Kills the session: the silo that holds the connection closes it (a PostgreSQL wire client's socket is closed,
    /// its open transaction rolled back by the connection's cleanup). False when the session is not open.
    /// </summary>
    Task<bool> KillAsync(string reason);
}
