using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>A real SQLite engine in a fresh data directory, with its connections closed and its workers stopped on dispose.</summary>
internal sealed class SqliteTestEngine : IAsyncDisposable
{
    /// <summary>A query that never ends by itself: only an interrupt (timeout, cancellation, close) stops it.</summary>
    public const string Runaway = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c";

    /// <summary>A query whose first row comes at once and whose second row never does.</summary>
    public const string FirstRowThenRunaway = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c WHERE x = 1 OR x < 0";

    private readonly TempDirectory _data = new();
    private readonly ILoggerFactory _loggers;
    private readonly List<IDatabaseConnection> _connections = [];

    public SqliteTestEngine(ITestOutputHelper output, Action<EngineOptions>? configure = null, EngineMetrics? metrics = null, ILoggerProvider? log = null)
    {
        _loggers = TestOutputLoggerProvider.CreateFactory(output);
        if (log is not null)
        {
            _loggers.AddProvider(log);
        }

        var options = new EngineOptions { Id = "sqlite", Kind = EngineKinds.Sqlite, DataDirectory = _data.Path };
        configure?.Invoke(options);
        Engine = new SqliteEngine(options, _loggers.CreateLogger<SqliteEngine>(), metrics: metrics);
    }

    public SqliteEngine Engine { get; }

    /// <summary>How many operations of <paramref name="app"/> run and wait on the engine's workers.</summary>
    public (int Busy, int Waiting) LoadOf(string app) => Engine.Workers.LoadOf(app);

    /// <summary>How many operations the engine's workers have taken up so far: each one is a hop to the worker pool.</summary>
    public long WorkerTurns => Engine.Workers.Started;

    public async Task<IDatabaseConnection> OpenAsync(string app, string database = "main")
    {
        var connection = await Engine.OpenAsync(DatabaseName.Create(app, database));
        _connections.Add(connection);
        return connection;
    }

    public string FilePath(string app, string database = "main") => Path.Combine(_data.Path, $"{app}_{database}", SqliteEngine.FileName);

    /// <summary>The size of the database's write-ahead log, 0 when it is missing (checkpointed and truncated).</summary>
    public long WalLength(string app, string database = "main")
    {
        var wal = new FileInfo(FilePath(app, database) + "-wal");
        return wal.Exists ? wal.Length : 0;
    }

    /// <summary>
    /// Tries a full checkpoint from a separate, unpooled connection without waiting: false when a reader still holds
    /// the write-ahead log.
    /// </summary>
    public bool TryTruncateWal(string app, string database = "main")
    {
        using var connection = new SqliteConnection($"Data Source={FilePath(app, database)};Pooling=false");
        connection.Open();
        using (var noWait = new SqliteCommand("PRAGMA busy_timeout = 0", connection))
        {
            noWait.ExecuteNonQuery();
        }

        using var checkpoint = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE)", connection);
        using var reader = checkpoint.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) == 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await Engine.DisposeAsync();
        _loggers.Dispose();
        _data.Dispose();
    }
}
