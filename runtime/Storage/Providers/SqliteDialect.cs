using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite: WAL journal (readers never wait for the writer), a busy timeout, and one
/// write gate per database file shared by every provider in this process, so concurrent writers queue instead of
/// failing with SQLITE_BUSY.
/// </summary>
internal sealed class SqliteDialect : AdoNetDialect
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly string _path;
    private readonly SemaphoreSlim _writeGate;
    private volatile bool _directoryExists;

    public SqliteDialect(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        _path = Path.GetFullPath(builder.DataSource);
        builder.DataSource = _path;
        _connectionString = builder.ToString();
        _writeGate = WriteGates.GetOrAdd(_path, static _ => new SemaphoreSlim(1, 1));
    }

    public override string DisplayName => "SQLite";

    public override string TimestampType => "TEXT";

    protected override SemaphoreSlim? WriteGate => _writeGate;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        EnsureDirectory();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", AdoNetCommands.NoParameters, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the database file: setting it once is enough, and repeating it is a no-op.
        await connection.QueryAsync("PRAGMA journal_mode = WAL;", AdoNetCommands.NoParameters, reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
    }

    public override async Task<DbTransaction> BeginSchemaTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken up front.
        return await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
    }

    private void EnsureDirectory()
    {
        if (_directoryExists)
        {
            return;
        }

        var directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _directoryExists = true;
    }
}
