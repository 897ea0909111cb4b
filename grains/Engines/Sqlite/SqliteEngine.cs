using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Workers;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// The embedded default engine: one SQLite file per database at <c>{DataDirectory}/{app}_{database}/db.sqlite</c>, in WAL
/// mode with a busy timeout. Writes of one database are serialised in-process; reads run concurrently.
/// </summary>
public sealed partial class SqliteEngine : IDatabaseEngine
{
    /// <summary>The database file name inside each database folder.</summary>
    public const string FileName = "db.sqlite";

    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IDisposable? _poolGauges;

    static SqliteEngine() => SQLitePCL.Batteries_V2.Init();

    public SqliteEngine(EngineOptions options, ILogger<SqliteEngine> logger, TimeProvider? time = null, EngineMetrics? metrics = null)
    {
        Metrics = metrics;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        Workers = new FairWorkerPool(options.Id, WorkerPoolSettings.From(options), logger);
        _poolGauges = metrics?.Track(options.Id, Workers);
    }

    public string Id => _options.Id;

    public string Kind => EngineKinds.Sqlite;

    /// <summary>The absolute folder holding one sub-folder per database.</summary>
    public string DataDirectory { get; }

    public async Task<IDatabaseConnection> OpenAsync(DatabaseName name, CancellationToken cancellationToken = default)
    {
        var app = name.EnsureNotEmpty().App;
        return await Workers.RunAsync(app, token => Open(name, token), cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> ExistsAsync(DatabaseName name, CancellationToken cancellationToken = default) =>
        AsTask(() => File.Exists(FilePath(name.EnsureNotEmpty())));

    public Task<string> DropAsync(DatabaseName name, CancellationToken cancellationToken = default) => AsTask(() => Drop(name));

    /// <summary>Stops the worker threads: waiting work fails, running statements are interrupted.</summary>
    public ValueTask DisposeAsync()
    {
        _poolGauges?.Dispose();
        return Workers.DisposeAsync();
    }

    /// <summary>Where refusals are counted; null when the engine was built without metrics.</summary>
    internal EngineMetrics? Metrics { get; }

    /// <summary>The threads all SQLite work of this engine runs on, shared fairly between applications.</summary>
    internal FairWorkerPool Workers { get; }

    internal string FilePath(DatabaseName name) => Path.Combine(DataDirectory, name.FullName, FileName);

    /// <summary>SQLite work is synchronous; failures still arrive through the task, as callers of an async API expect.</summary>
    private static Task<T> AsTask<T>(Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private IDatabaseConnection Open(DatabaseName name, CancellationToken cancellationToken)
    {
        name.EnsureNotEmpty();
        var started = Stopwatch.GetTimestamp();
        var path = FilePath(name);
        var created = !File.Exists(path);
        var checkReason = created ? null : SqliteWakeCheck.Reason(path, _options.Health.QuickCheckMaxBytes);
        var connectionString = BuildConnectionString(path);
        var connection = new SqliteDatabaseConnection(name, this, connectionString, _options, _logger);
        IReadOnlyList<string> problems;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            problems = connection.Initialize(checkReason is not null, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DynamicDbException(ErrorCodes.EngineUnavailable, $"The SQLite database {name} cannot be opened at '{path}': {e.Message}", isTransient: false, e);
        }
        catch (DynamicDbException e) when (!created && e.InnerException is SqliteException native && SqliteWakeCheck.IsCorruption(native))
        {
            throw Corrupt(name, path, connectionString, [native.Message], e);
        }

        if (checkReason is not null)
        {
            if (problems.Count > 0)
            {
                throw Corrupt(name, path, connectionString, problems, null);
            }

            SqliteLog.IntegrityChecked(_logger, name.FullName, Id, checkReason, EngineLog.ElapsedMs(started));
        }

        if (created)
        {
            EngineLog.DatabaseCreated(_logger, name.FullName, Id, EngineLog.ElapsedMs(started));
        }
        else
        {
            EngineLog.DatabaseOpened(_logger, name.FullName, Id, EngineLog.ElapsedMs(started));
        }

        return connection;
    }

    /// <summary>
    /// A database that failed its wake check: its pooled connections are closed so nothing holds the files, which are left
    /// where they are (never deleted nor moved), and the failure is logged once, here, as an error.
    /// </summary>
    private DynamicDbException Corrupt(DatabaseName name, string path, string connectionString, IReadOnlyList<string> problems, Exception? inner)
    {
        using (var pooled = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        var error = SqliteWakeCheck.Failed(name, Id, path, problems, inner);
        SqliteLog.DatabaseCorrupt(_logger, inner, name.FullName, Id, path, problems[0]);
        return error;
    }

    private string Drop(DatabaseName name)
    {
        if (!File.Exists(FilePath(name.EnsureNotEmpty())))
        {
            throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"The database {name} does not exist on engine '{Id}'.");
        }

        using (var connection = new SqliteConnection(BuildConnectionString(FilePath(name))))
        {
            SqliteConnection.ClearPool(connection);
        }

        var destination = DroppedData.MoveFolderAside(DataDirectory, name, _time);
        EngineLog.DatabaseDropped(_logger, name.FullName, Id, destination);
        return destination;
    }

    private string BuildConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = (int)Math.Ceiling(_options.BusyTimeout.TotalSeconds),
    }.ToString();
}
