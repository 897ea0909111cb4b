namespace Orleans.DynamicDb.Databases;

/// <summary>
/// A database's catalog entry: where it lives and what state it is in. Read from the catalog, so asking for it never
/// wakes a hibernated database.
/// </summary>
/// <param name="App">The application the database belongs to.</param>
/// <param name="Database">The database name within the application.</param>
/// <param name="Engine">The id of the engine that hosts it.</param>
/// <param name="Status">One of <see cref="DatabaseStatus"/>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastActivity">When it last woke, served a call or hibernated.</param>
/// <param name="HibernationTimeout">Its own idle time before hibernation; null uses DynamicDb:Databases:HibernationTimeout, zero disables.</param>
/// <param name="EngineGroup">
/// For a replicated engine (<c>postgres-ha</c>): the replication group it was last opened in (the engine id); null for
/// other engines and before it was first opened.
/// </param>
/// <param name="EngineEpoch">The group's epoch (its primary's term) the database was last opened at; null with <paramref name="EngineGroup"/>.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.DatabaseInfo")]
public sealed record DatabaseInfo(
    string App,
    string Database,
    string Engine,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivity,
    TimeSpan? HibernationTimeout,
    string? EngineGroup = null,
    long? EngineEpoch = null);
