using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Client;

/// <summary>
/// The typed entry point to DynamicDb grains over an <see cref="IClusterClient"/>: a remote client connected to the
/// silos' gateways (<see cref="DynamicDbClientHostingExtensions.UseDynamicDbClient"/>), or the client of a silo in the same
/// process. Names are validated before any call leaves the process.
/// </summary>
public sealed class DynamicDbClient
{
    /// <summary>Wraps <paramref name="cluster"/>.</summary>
    public DynamicDbClient(IClusterClient cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Cluster = cluster;
    }

    /// <summary>The underlying cluster client, for grains this facade does not cover.</summary>
    public IClusterClient Cluster { get; }

    /// <summary>
    /// A handle on the database <paramref name="database"/> of the application <paramref name="app"/>. Nothing is called
    /// yet: the database is created by <see cref="DynamicDbDatabase.CreateAsync"/> or on its first statement.
    /// </summary>
    /// <exception cref="Errors.DynamicDbException"><c>database.invalid_name</c>, naming the bad name.</exception>
    public DynamicDbDatabase Database(string app, string database) => new(this, DatabaseName.Create(app, database));

    /// <summary>The application's databases that are not dropped, ordered by name (read from the catalog; wakes none).</summary>
    /// <exception cref="Errors.DynamicDbException"><c>database.invalid_name</c>, naming the bad application name.</exception>
    public Task<IReadOnlyList<DatabaseInfo>> ListAsync(string app, CancellationToken cancellationToken = default)
    {
        DatabaseName.ValidateApp(app);
        return Cluster.GetGrain<IAppCatalogGrain>(app).ListAsync(cancellationToken);
    }

    /// <summary>A reference to the grain with this key; the grain activates on its first call.</summary>
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Cluster.GetGrain<TGrainInterface>(key);
    }
}
