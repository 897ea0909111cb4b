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

    /// <summary>Inserts or replaces an entry.</summary>
    Task UpsertAsync(DatabaseInfo entry, CancellationToken cancellationToken = default);

    /// <summary>Updates the status and last activity of an existing entry.</summary>
    Task SetStatusAsync(string app, string database, string status, DateTimeOffset lastActivity, CancellationToken cancellationToken = default);
}
