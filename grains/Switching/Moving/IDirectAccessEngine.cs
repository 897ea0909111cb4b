using System.Data.Common;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// Direct access to one database's storage for the <see cref="DatabaseMover"/>: a raw ADO.NET connection with the rights to
/// create tables, triggers and read/write every row. SQLite: a plain connection to the file (WAL, busy timeout, no tenant
/// authorizer). PostgreSQL: a connection into the tenant database as its tenant role, which owns the database and its
/// <c>public</c> schema, so what the mover creates belongs to the tenant. The database must exist: the caller opens it with
/// <see cref="IDatabaseEngine.OpenAsync"/> first.
/// </summary>
internal interface IDirectAccessEngine
{
    /// <summary>The SQL dialect of the connections <see cref="OpenDirectAsync"/> returns.</summary>
    SqlDialect Dialect { get; }

    /// <summary>Opens a new connection to <paramref name="name"/>; the caller disposes it. No statement timeout applies.</summary>
    Task<DbConnection> OpenDirectAsync(DatabaseName name, CancellationToken cancellationToken);

    /// <summary>Free bytes where this engine would put the database, null when it cannot know (a registered server).</summary>
    long? FreeBytes(DatabaseName name);
}
