using System.Data.Common;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Direct access for the database mover: a connection as the database's tenant role, its owner, from the mover's small pool.</summary>
public sealed partial class PostgresEngine : IDirectAccessEngine
{
    /// <summary>The mover's connection string per database (its tenant login), so a switch's steps skip the maintenance round trip.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _directConnectionStrings = new(StringComparer.Ordinal);

    SqlDialect IDirectAccessEngine.Dialect => SqlDialect.Postgres;

    async Task<DbConnection> IDirectAccessEngine.OpenDirectAsync(DatabaseName name, CancellationToken cancellationToken)
    {
        name.EnsureNotEmpty();
        if (!_directConnectionStrings.TryGetValue(name.FullName, out var connectionString))
        {
            var (_, login) = await MaintainAsync(name, (admin, ct) => TenantDatabase.EnsureAsync(admin, _serverConnectionString, name.FullName, _passwords, _logger, ct), cancellationToken)
                .ConfigureAwait(false);
            connectionString = PostgresConnectionStrings.ForTenant(_serverConnectionString, name.FullName, login, _options);
            _directConnectionStrings[name.FullName] = connectionString;
        }

        try
        {
            return await DirectConnections.OpenPostgresAsync(connectionString, cancellationToken, pooled: true).ConfigureAwait(false);
        }
        catch (Exception e) when (PostgresErrors.Map(e, name) is { } mapped)
        {
            ForgetDirect(name);
            throw mapped;
        }
    }

    /// <summary>Forgets the database's direct login and closes its idle pooled mover connections (it is dropped).</summary>
    private void ForgetDirect(DatabaseName name)
    {
        if (_directConnectionStrings.TryRemove(name.FullName, out var connectionString))
        {
            DirectConnections.ClearPostgresPool(connectionString);
        }
    }

    /// <summary>A registered server's free space is not known here.</summary>
    long? IDirectAccessEngine.FreeBytes(DatabaseName name) => null;
}
