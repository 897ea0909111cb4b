using Orleans.Concurrency;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// One application's catalog: its databases and their status. Key: the app name. Reads come from the catalog store,
/// so asking never wakes a hibernated database; the database grains keep the store current.
/// </summary>
[Alias("dyndb.IAppCatalogGrain")]
public interface IAppCatalogGrain : IGrainWithStringKey
{
    /// <summary>The app's databases that are not dropped, ordered by name.</summary>
    [ReadOnly]
    Task<IReadOnlyList<DatabaseInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One database's entry (a dropped one says so), or null when it never existed.</summary>
    [ReadOnly]
    Task<DatabaseInfo?> GetAsync(string database, CancellationToken cancellationToken = default);
}
