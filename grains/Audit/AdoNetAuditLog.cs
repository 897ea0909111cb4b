using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Audit;

/// <summary>
/// The audit log in the catalog database's table <c>dyndb_audit</c> (<see cref="AuditSchema"/>). An append is one
/// transaction that reads the last row and inserts the next under a lock every silo sharing the catalog takes
/// (PostgreSQL: an advisory transaction lock; SQLite: <c>BEGIN IMMEDIATE</c>), so the chain never forks. Nothing here
/// updates or deletes a row. Details whose key names a secret (password, secret, token, connection string) are stored
/// as <c>***</c>.
/// </summary>
public sealed class AdoNetAuditLog : IAuditLog, IDisposable
{
    private const string Columns = "seq, at_ms, actor, action, target, result, details, prev_hash, hash";
    private static readonly string[] SecretWords = ["password", "secret", "token", "connectionstring", "connection_string"];
    private readonly string _connectionString;
    private readonly bool _sqlite;
    private readonly TimeProvider _time;
    private readonly AuditMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sqliteWrites = new(1, 1);
    private readonly Lock _startLock = new();
    private Task? _started;

    public AdoNetAuditLog(string invariant, string connectionString, TimeProvider time, AuditMetrics? metrics, ILogger<AdoNetAuditLog> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _sqlite = invariant switch
        {
            "Microsoft.Data.Sqlite" => true,
            "Npgsql" => false,
            _ => throw new ArgumentException($"The audit log's catalog invariant '{invariant}' is not supported: use 'Microsoft.Data.Sqlite' or 'Npgsql'.", nameof(invariant)),
        };
        _connectionString = _sqlite ? new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString() : connectionString;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var record = await AppendCoreAsync(entry, cancellationToken).ConfigureAwait(false);
            _metrics?.Appended(entry.Action);
            AuditLog.Appended(_logger, record.Seq, record.Actor, record.Action, record.Target, record.Result);
            return record;
        }
        catch (Exception e) when (e is DbException or DynamicDbException or InvalidOperationException or IOException)
        {
            _metrics?.AppendFailed(entry.Action);
            AuditLog.AppendFailed(_logger, e, entry.Actor, entry.Action, entry.Target, entry.Result);
            throw new DynamicDbException(ErrorCodes.AuditUnavailable,
                $"The audit row of '{entry.Action}' on '{entry.Target}' could not be written to the catalog database (table dyndb_audit): {e.Message}", isTransient: true, e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Since < 0 || query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"An audit query needs since >= 0 and limit between 1 and {AuditQuery.MaxLimit}, not since {query.Since} and limit {query.Limit}.");
        }

        var sql = $"SELECT {Columns} FROM dyndb_audit WHERE seq > @since"
            + (query.Action is null ? "" : " AND action = @action")
            + (query.Actor is null ? "" : " AND actor = @actor")
            + (query.Target is null ? "" : " AND target = @target")
            + " ORDER BY seq LIMIT @limit";
        return await ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, sql,
                [("since", query.Since), ("limit", query.Limit), ("action", query.Action), ("actor", query.Actor), ("target", query.Target)]);
            return await RowsAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditChainStatus> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var status = await ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, $"SELECT {Columns} FROM dyndb_audit ORDER BY seq", []);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var previous = AuditHash.Genesis;
            long expectedSeq = 1, checkedRows = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = Row(reader);
                var broken = row.Seq != expectedSeq ? $"row missing: expected seq {expectedSeq}, found {row.Seq}"
                    : row.PrevHash != previous ? "previous hash mismatch"
                    : AuditHash.Of(row) != row.Hash ? "hash mismatch"
                    : null;
                if (broken is not null)
                {
                    return new AuditChainStatus(false, checkedRows, row.Seq != expectedSeq ? expectedSeq : row.Seq, broken, null);
                }

                checkedRows++;
                expectedSeq++;
                previous = row.Hash;
            }

            return new AuditChainStatus(true, checkedRows, null, null, checkedRows == 0 ? null : previous);
        }, cancellationToken).ConfigureAwait(false);
        if (!status.Intact)
        {
            AuditLog.ChainBroken(_logger, status.FirstBrokenSeq ?? 0, status.Reason!, status.RowsChecked);
        }

        return status;
    }

    public void Dispose() => _sqliteWrites.Dispose();

    private async Task<AuditRecord> AppendCoreAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var details = AuditHash.CanonicalDetails(Redacted(entry.Details));
        if (_sqlite)
        {
            await _sqliteWrites.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await StartAsync().ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            // SQLite: BEGIN IMMEDIATE (deferred: false) takes the database's write lock before the read of the last row.
            await using var transaction = _sqlite
                ? ((SqliteConnection)connection).BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (!_sqlite)
            {
                await using var lockCommand = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({AuditSchema.PostgresLockKey})", []);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            long lastSeq = 0;
            var previous = AuditHash.Genesis;
            await using (var last = Command(connection, transaction, "SELECT seq, hash FROM dyndb_audit ORDER BY seq DESC LIMIT 1", []))
            await using (var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    (lastSeq, previous) = (reader.GetInt64(0), reader.GetString(1));
                }
            }

            var seq = lastSeq + 1;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
            var hash = AuditHash.Of(previous, seq, at.ToUnixTimeMilliseconds(), entry.Actor, entry.Action, entry.Target, entry.Result, details);
            await using (var insert = Command(connection, transaction,
                $"INSERT INTO dyndb_audit ({Columns}) VALUES (@seq, @at, @actor, @action, @target, @result, @details, @prev, @hash)",
                [("seq", seq), ("at", at.ToUnixTimeMilliseconds()), ("actor", entry.Actor), ("action", entry.Action), ("target", entry.Target),
                 ("result", entry.Result), ("details", details), ("prev", previous), ("hash", hash)]))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new AuditRecord(seq, at, entry.Actor, entry.Action, entry.Target, entry.Result, details, previous, hash);
        }
        finally
        {
            if (_sqlite)
            {
                _sqliteWrites.Release();
            }
        }
    }

    private static Dictionary<string, string>? Redacted(IReadOnlyDictionary<string, string>? details) =>
        details?.ToDictionary(
            p => p.Key,
            p => SecretWords.Any(w => p.Key.Replace("-", "_", StringComparison.Ordinal).Contains(w, StringComparison.OrdinalIgnoreCase)) ? "***" : p.Value,
            StringComparer.Ordinal);

    private Task StartAsync()
    {
        lock (_startLock)
        {
            if (_started is null || _started.IsFaulted || _started.IsCanceled)
            {
                _started = StartCoreAsync();
            }

            return _started;
        }
    }

    private async Task StartCoreAsync()
    {
        if (_sqlite && new SqliteConnectionStringBuilder(_connectionString).DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await AuditSchema.ApplyAsync(connection, _sqlite, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync().ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await read(connection).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new DynamicDbException(ErrorCodes.AuditUnavailable, $"The audit log (table dyndb_audit of the catalog database) cannot be read: {e.Message}", isTransient: true, e);
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _sqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<IReadOnlyList<AuditRecord>> RowsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Row(reader));
        }

        return rows;
    }

    private static AuditRecord Row(DbDataReader reader) => new(
        reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
        reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8));

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
