using System.Data.Common;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>Direct access for the database mover: a plain connection to the file.</summary>
public sealed partial class SqliteEngine : IDirectAccessEngine
{
    SqlDialect IDirectAccessEngine.Dialect => SqlDialect.Sqlite;

    async Task<DbConnection> IDirectAccessEngine.OpenDirectAsync(DatabaseName name, CancellationToken cancellationToken)
    {
        var path = FilePath(name.EnsureNotEmpty());
        if (!File.Exists(path))
        {
            throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"The database {name} does not exist on engine '{Id}'.");
        }

        return await DirectConnections.OpenSqliteAsync(path, _options.BusyTimeout, cancellationToken).ConfigureAwait(false);
    }

    long? IDirectAccessEngine.FreeBytes(DatabaseName name) => new DriveInfo(DataDirectory).AvailableFreeSpace;
}
