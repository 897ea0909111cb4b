using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines;

/// <summary>
/// One configured engine (an embedded store, a registered server, or a pool of managed server instances) that hosts
/// many logical databases. Implementations are thread-safe. Every failure is a
/// <see cref="Errors.DynamicDbException"/>.
/// </summary>
public interface IDatabaseEngine : IAsyncDisposable
{
    /// <summary>The configured engine id, unique in the silo (e.g. <c>sqlite</c>, <c>pg-main</c>).</summary>
    string Id { get; }

    /// <summary>The engine kind, one of <see cref="EngineKinds"/>.</summary>
    string Kind { get; }

    /// <summary>
    /// Opens (wakes) the database, creating it first when it does not exist. The returned connection is thread-safe
    /// and holds the database's resources (pool, files, server process) until <see cref="IDatabaseConnection.CloseAsync"/>.
    /// </summary>
    Task<IDatabaseConnection> OpenAsync(DatabaseName name, CancellationToken cancellationToken = default);

    /// <summary>True when the database has been created and not dropped.</summary>
    Task<bool> ExistsAsync(DatabaseName name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the database by moving its data aside, never by deleting it: SQLite and managed instances move their folder to
    /// <c>{DataDirectory}/.dropped/{timestamp}_{name}/</c>, a registered PostgreSQL server renames the database to
    /// <c>{name}_dropped_{timestamp}</c>. Purging dropped data is an operator's decision. Close the database's connections
    /// first; sessions still using it are ended. Dropping a database that does not exist throws
    /// <see cref="Errors.ErrorCodes.DatabaseNotFound"/>.
    /// </summary>
    /// <returns>Where the data went: a folder path or the new database name.</returns>
    Task<string> DropAsync(DatabaseName name, CancellationToken cancellationToken = default);
}
