using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Client;

/// <summary>
/// One database of one application, through its grain (<see cref="IDatabaseGrain"/>, key <c>"{app}/{database}"</c>).
/// Failures are <see cref="Errors.DynamicDbException"/>s with a stable error code, as the grain throws them.
/// </summary>
public sealed class DynamicDbDatabase
{
    private readonly DynamicDbClient _client;

    internal DynamicDbDatabase(DynamicDbClient client, DatabaseName name)
    {
        _client = client;
        Name = name;
        Grain = client.Cluster.GetGrain<IDatabaseGrain>(name.Key);
    }

    /// <summary>The validated name.</summary>
    public DatabaseName Name { get; }

    /// <summary>The database's grain, for calls this handle does not cover (paged queries).</summary>
    public IDatabaseGrain Grain { get; }

    /// <summary>
    /// Creates the database unless it exists, on <paramref name="engineId"/> (null: the silos' default engine), with its
    /// own hibernation timeout (null: the silos' default; zero: never). The answer says whether this call created it.
    /// </summary>
    public Task<CreatedDatabase> CreateAsync(string? engineId = null, TimeSpan? hibernationTimeout = null, CancellationToken cancellationToken = default) =>
        Grain.CreateAsync(engineId, hibernationTimeout, cancellationToken);

    /// <summary>Runs a statement that changes data or schema: <c>ExecAsync("INSERT INTO t VALUES (?, ?)", 1, "a")</c>.</summary>
    public Task<ExecResult> ExecAsync(string sql, params object?[] args) => ExecAsync(new Statement(sql, args));

    /// <summary>Runs a statement that changes data or schema.</summary>
    public Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default) =>
        Grain.ExecAsync(statement, cancellationToken);

    /// <summary>Runs a statement that returns rows: <c>QueryAsync("SELECT * FROM t WHERE id = ?", 1)</c>.</summary>
    public Task<QueryResult> QueryAsync(string sql, params object?[] args) => QueryAsync(new Statement(sql, args));

    /// <summary>Runs a statement that returns rows; the whole result comes back at once (see <see cref="Grain"/> for pages).</summary>
    public Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default) =>
        Grain.QueryAsync(statement, cancellationToken);

    /// <summary>Runs the statements in one transaction, all or nothing.</summary>
    public Task<IReadOnlyList<ExecResult>> TransactionAsync(IEnumerable<Statement> statements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        return Grain.TransactionAsync([.. statements], cancellationToken);
    }

    /// <summary>The database's tables and columns.</summary>
    public Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default) => Grain.GetSchemaAsync(cancellationToken);

    /// <summary>The catalog entry (read without waking the database), or null when it never existed.</summary>
    public Task<DatabaseInfo?> GetInfoAsync(CancellationToken cancellationToken = default) =>
        _client.Cluster.GetGrain<IAppCatalogGrain>(Name.App).GetAsync(Name.Database, cancellationToken);

    /// <summary>Drops the database: its data is moved aside, never deleted. Fails with <c>database.not_found</c> when it does not exist.</summary>
    public Task<DroppedDatabase> DropAsync(CancellationToken cancellationToken = default) => Grain.DropAsync(cancellationToken);

    public override string ToString() => Name.Key;
}
