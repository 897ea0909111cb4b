using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Reads of a database on a hot standby of this server (the <c>postgres-ha</c> engine's tier routing).</summary>
public sealed partial class PostgresEngine
{
    /// <summary>
    /// Opens <paramref name="name"/> for reads on the standby <paramref name="standbyConnectionString"/> (a superuser
    /// connection string to it): its own pool (and shared pool, see <see cref="EngineOptions.SharedPool"/>), logged in
    /// as the database's tenant role, whose login this server (the primary) keeps and physical replication copies to the
    /// standby, and its low-priority pool for the Low and Background tiers (see <see cref="EngineOptions.LowTierNice"/>).
    /// Writes are not tracked: only reads run there.
    /// </summary>
    internal async Task<IDatabaseConnection> OpenOnStandbyAsync(DatabaseName name, string standbyConnectionString, CancellationToken cancellationToken)
    {
        name.EnsureNotEmpty();
        var (_, login) = await MaintainAsync(name, (admin, ct) => TenantDatabase.EnsureAsync(admin, _serverConnectionString, name.FullName, _passwords, _logger, ct), cancellationToken)
            .ConfigureAwait(false);
        var server = new NpgsqlConnectionStringBuilder(standbyConnectionString) { Pooling = true }.ConnectionString;
        var dataSource = NpgsqlDataSource.Create(PostgresConnectionStrings.ForTenant(server, name.FullName, login, _options));
        var shared = SharedPool(server, name, login, dataSource);
        return new PostgresDatabaseConnection(
            name, Id, dataSource, _ => CloseAsync(dataSource, shared), _logger, _metrics, EngineKinds.PostgresHa, shared: shared, lowTier: LowTierPool(server, name, login));
    }
}
