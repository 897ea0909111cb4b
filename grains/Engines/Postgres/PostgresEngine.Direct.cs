using System.Data.Common;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Direct access for the database mover: an unpooled connection as the database's tenant role, its owner.</summary>
public sealed partial class PostgresEngine : IDirectAccessEngine
{
    SqlDialect IDirectAccessEngine.Dialect => SqlDialect.Postgres;

    async Task<DbConnection> IDirectAccessEngine.OpenDirectAsync(DatabaseName name, CancellationToken cancellationToken)
    {
        name.EnsureNotEmpty();
        var (_, login) = await MaintainAsync(name, (admin, ct) => TenantDatabase.EnsureAsync(admin, _serverConnectionString, name.FullName, _logger, ct), cancellationToken)
            .ConfigureAwait(false);
        try
        {
            return await DirectConnections.OpenPostgresAsync(PostgresConnectionStrings.ForTenant(_serverConnectionString, name.FullName, login, _options), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (PostgresErrors.Map(e, name) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>A registered server's free space is not known here.</summary>
    long? IDirectAccessEngine.FreeBytes(DatabaseName name) => null;
}
