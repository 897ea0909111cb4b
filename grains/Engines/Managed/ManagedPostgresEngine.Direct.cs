using System.Data.Common;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>Direct access for the database mover: an unpooled connection to the running instance as the tenant role.</summary>
public sealed partial class ManagedPostgresEngine : IDirectAccessEngine
{
    SqlDialect IDirectAccessEngine.Dialect => SqlDialect.Postgres;

    async Task<DbConnection> IDirectAccessEngine.OpenDirectAsync(DatabaseName name, CancellationToken cancellationToken)
    {
        if (!_running.TryGetValue(name.EnsureNotEmpty().FullName, out var instance) || instance.TenantConnectionString is null)
        {
            throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"The database {name} is not awake on engine '{Id}': open it before moving it.", isTransient: true);
        }

        return await DirectConnections.OpenPostgresAsync(instance.TenantConnectionString, cancellationToken).ConfigureAwait(false);
    }

    long? IDirectAccessEngine.FreeBytes(DatabaseName name) => new DriveInfo(DataDirectory).AvailableFreeSpace;
}
