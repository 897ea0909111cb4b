using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Catalog;

/// <summary>
/// The durable list of databases, one row per database (not one grain state per app, so ten thousands of databases
/// cost a row each to update). Database grains keep their row current; the gateway reads it for list and status
/// without waking anything. Thread-safe.
/// </summary>
public interface IDatabaseCatalog
{
    /// <summary>Creates or upgrades the catalog table.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>The entry of one database, including a dropped one; null when it was never created.</summary>
    Task<DatabaseInfo?> GetAsync(string app, string database, CancellationToken cancellationToken = default);

    /// <summary>The app's databases that are not dropped, ordered by name.</summary>
    Task<IReadOnlyList<DatabaseInfo>> ListAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>Every entry that is not dropped, of every app.</summary>
    Task<IReadOnlyList<DatabaseInfo>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The number of entries in each status (<c>active</c>, <c>hibernated</c>, <c>dropped</c>) over every app; absent statuses are missing.</summary>
    Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces an entry.</summary>
    Task UpsertAsync(DatabaseInfo entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that an existing database was opened in replication group <paramref name="group"/> at its
    /// <paramref name="epoch"/> (<see cref="DatabaseInfo.EngineGroup"/>, <see cref="DatabaseInfo.EngineEpoch"/>).
    /// </summary>
    Task SetPlacementAsync(string app, string database, string group, long epoch, CancellationToken cancellationToken = default);

    /// <summary>Updates the status and last activity of an existing entry.</summary>
    Task SetStatusAsync(string app, string database, string status, DateTimeOffset lastActivity, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the next activation epoch of an existing database, atomically: increments its epoch, records the activation
    /// (Orleans activation id, silo address) and marks the database active at <paramref name="at"/>; the activations
    /// before it that had not recorded their end are marked <see cref="ActivationEnd.Abandoned"/>. Returns the new epoch.
    /// </summary>
    Task<long> ClaimActivationAsync(string app, string database, string activationId, string silo, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="epoch"/> is still the database's latest claimed epoch.</summary>
    Task<bool> IsCurrentActivationAsync(string app, string database, long epoch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Updates the status and last activity only while <paramref name="epoch"/> is still the database's epoch; false when
    /// a newer activation has claimed it (nothing is written then).
    /// </summary>
    Task<bool> SetStatusAsync(string app, string database, string status, DateTimeOffset lastActivity, long epoch, CancellationToken cancellationToken = default);

    /// <summary>Records how the activation of <paramref name="epoch"/> ended (one of <see cref="ActivationEnd"/>).</summary>
    Task EndActivationAsync(string app, string database, long epoch, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The recorded activations of one database (the latest <see cref="AdoNetDatabaseCatalog.ActivationHistoryLength"/>), oldest first.</summary>
    Task<IReadOnlyList<DatabaseActivation>> ListActivationsAsync(string app, string database, CancellationToken cancellationToken = default);
}
