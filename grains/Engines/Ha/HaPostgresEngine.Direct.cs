using System.Data.Common;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Direct access for the database mover: a connection to the current primary, as the tenant role.</summary>
public sealed partial class HaPostgresEngine : IDirectAccessEngine
{
    SqlDialect IDirectAccessEngine.Dialect => SqlDialect.Postgres;

    async Task<DbConnection> IDirectAccessEngine.OpenDirectAsync(DatabaseName name, CancellationToken cancellationToken)
    {
        var route = await RouteAsync(cancellationToken).ConfigureAwait(false);
        return await ((IDirectAccessEngine)route.Engine).OpenDirectAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The members' space is not known here.</summary>
    long? IDirectAccessEngine.FreeBytes(DatabaseName name) => null;
}
