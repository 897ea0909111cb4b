namespace Orleans.DynamicDb.Databases;

/// <summary>How databases are kept. Section: <c>DynamicDb:Databases</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "DynamicDb:Databases";

    /// <summary>Idle time before a database hibernates. Default: 60 seconds. Zero disables hibernation. A database may override it.</summary>
    public TimeSpan HibernationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a query or single statement may take before the caller gets a timeout. Default: 30 seconds; at most 4 minutes.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the cursor of a paged query (the streamed <c>/v1/database/query</c>) stays open while nobody reads its next
    /// page; then it is closed and its connection freed. Default: 10 seconds; at most 4 minutes.
    /// </summary>
    public TimeSpan CursorIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a transaction may take before it is rolled back and the caller gets a timeout. Default: 60 seconds; at most 4 minutes.</summary>
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most statements in one transaction. Default: 1000.</summary>
    public int MaxTransactionStatements { get; set; } = 1000;

    /// <summary>
    /// How long an interactive transaction may stay without a statement before the database rolls it back (a transaction
    /// may ask for its own, up to <see cref="MaxTransactionIdleTimeout"/>). Default: 60 seconds.
    /// </summary>
    public TimeSpan TransactionIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest idle timeout an interactive transaction may ask for. Default: 1 hour; at most 2 hours.</summary>
    public TimeSpan MaxTransactionIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most interactive transactions one database may have open at once. Default: 100; 1 to 10000.</summary>
    public int MaxOpenTransactions { get; set; } = 100;

    /// <summary>
    /// How long a drop, hibernation, switch cut-over or change-capture stop waits for statements in flight and open
    /// interactive transactions to end before it rolls the remaining transactions back (they fail with
    /// <c>transaction.aborted</c> naming the reason). Default: 5 seconds; at most 4 minutes.
    /// </summary>
    public TimeSpan TransactionDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the catalog is kept: an ADO.NET invariant (<c>Microsoft.Data.Sqlite</c> or <c>Npgsql</c>). Default: SQLite.
    /// </summary>
    public string CatalogInvariant { get; set; } = "Microsoft.Data.Sqlite";

    /// <summary>The catalog's connection string. Default: a SQLite file <c>{DataDirectory}/silo/catalog.db</c>, set by the silo.</summary>
    public string? CatalogConnectionString { get; set; }

    /// <summary>Move data folders that have no catalog entry to <c>{DataDirectory}/.orphaned/{timestamp}/</c> at start. Default: true.</summary>
    public bool MoveOrphanedData { get; set; } = true;

    /// <summary>
    /// How many databases of one registered <c>postgres</c> engine the start-up pass migrates to their tenant roles at once
    /// (databases created before tenant roles existed). Default: 4; 1 to 64.
    /// </summary>
    public int StartupMigrationParallelism { get; set; } = 4;
}
