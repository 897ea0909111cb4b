using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The engine kind a database lives on (from the catalog; the default engine's for a database not created yet), so the
/// frontend knows when to translate PostgreSQL-only statements for SQLite (<see cref="SqliteDialect"/>).
/// </summary>
internal sealed class PgEngineKinds(IServiceProvider services)
{
    private readonly Lazy<IDatabaseCatalog> _catalog = new(services.GetRequiredService<IDatabaseCatalog>);
    private readonly Lazy<IEngineRegistry> _engines = new(services.GetRequiredService<IEngineRegistry>);

    /// <summary>The kind of the engine <paramref name="database"/> lives on now (one of <see cref="EngineKinds"/>).</summary>
    public async Task<string> KindAsync(DatabaseName database, CancellationToken cancellationToken)
    {
        var info = await _catalog.Value.GetAsync(database.App, database.Database, cancellationToken).ConfigureAwait(false);
        return info is not null && _engines.Value.TryGet(info.Engine, out var engine) ? engine.Kind : _engines.Value.Default.Kind;
    }
}
