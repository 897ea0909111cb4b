using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Catalog;

/// <summary>
/// The switch history of <see cref="ISwitchLog"/> in <c>dyndb_switches</c>, beside the databases it moves, so the engine
/// change and the phase <see cref="SwitchPhases.Switched"/> commit in one transaction. Every write takes the next cursor
/// (the largest plus one) inside its transaction: on PostgreSQL under a transaction-scoped advisory lock, so cursors
/// become visible in order and a reader paging by cursor never skips a row.
/// </summary>
public sealed partial class AdoNetDatabaseCatalog : ISwitchLog
{
    /// <summary>The advisory lock key serialising switch history writes on PostgreSQL ("dyndbsw" as a number).</summary>
    private const long SwitchLockKey = 0x6479_6E64_6273_77;

    private const string SwitchColumns = """
        id, cursor, app, database_name, source, target, state, phase, requested_by, policy, created_at_ms, started_at_ms,
        ended_at_ms, expires_at_ms, decided_by, rows_copied, write_pause_ms, duration_ms, validation, error, timeout_seconds,
        validate_target, rollback_on_failure
        """;

    private static readonly JsonSerializerOptions ValidationJson = new(JsonSerializerDefaults.Web);

    public Task<SwitchRecord> AddAsync(SwitchRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return SwitchWriteAsync(
            async (connection, transaction, cursor) =>
            {
                var running = await ReadSwitchesAsync(connection, transaction, $"SELECT {SwitchColumns} FROM dyndb_switches WHERE app = @app AND database_name = @db AND state = @running", [("app", record.App), ("db", record.Database), ("running", SwitchStates.Running)], cancellationToken).ConfigureAwait(false);
                if (running.FirstOrDefault(r => r.Id != record.Id || r.StartedAt is not null) is { } other)
                {
                    throw new DynamicDbException(ErrorCodes.SwitchConflict, $"Switch '{other.Id}' of database '{record.Database}' (app '{record.App}') to engine '{other.Target}' is running (phase {other.Phase ?? "starting"}); wait for it to end.");
                }

                var row = record with { State = SwitchStates.Running, Cursor = cursor };
                if (running.Count == 1)
                {
                    await ExecuteAsync(connection, transaction, "UPDATE dyndb_switches SET cursor = @cursor, source = @source, phase = @phase, started_at_ms = @started WHERE id = @id", [("cursor", cursor), ("source", row.Source), ("phase", row.Phase), ("started", Ms(row.StartedAt)), ("id", row.Id)], cancellationToken).ConfigureAwait(false);
                    return running[0] with { Cursor = cursor, Source = row.Source, Phase = row.Phase, StartedAt = row.StartedAt };
                }

                await InsertSwitchAsync(connection, transaction, row, cancellationToken).ConfigureAwait(false);
                return row;
            },
            cancellationToken);
    }

    public Task<SwitchRecord> AddPendingAsync(SwitchRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.ExpiresAt is null)
        {
            throw new ArgumentException("A pending switch request needs ExpiresAt.", nameof(record));
        }

        return SwitchWriteAsync(
            async (connection, transaction, cursor) =>
            {
                var row = record with { State = SwitchStates.PendingApproval, Cursor = cursor, Phase = null, StartedAt = null };
                await InsertSwitchAsync(connection, transaction, row, cancellationToken).ConfigureAwait(false);
                return row;
            },
            cancellationToken);
    }

    public Task UpdatePhaseAsync(string id, string phase, CancellationToken cancellationToken = default) =>
        SwitchWriteAsync(
            async (connection, transaction, cursor) =>
            {
                await ExecuteAsync(connection, transaction, "UPDATE dyndb_switches SET cursor = @cursor, phase = @phase WHERE id = @id", [("cursor", cursor), ("phase", phase), ("id", id)], cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    public Task<bool> SetPlacementAsync(string id, string app, string database, string engine, string phase, long activationEpoch, CancellationToken cancellationToken = default) =>
        SwitchWriteAsync(
            async (connection, transaction, cursor) =>
            {
                await using var move = Command(connection, """
                    UPDATE dyndb_databases SET engine = @engine, engine_group = NULL, engine_epoch = NULL
                    WHERE app = @app AND database_name = @db AND activation_epoch = @epoch
                    """, [("engine", engine), ("app", app), ("db", database), ("epoch", activationEpoch)], transaction);
                if (await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return false;
                }

                await ExecuteAsync(connection, transaction, "UPDATE dyndb_switches SET cursor = @cursor, phase = @phase WHERE id = @id", [("cursor", cursor), ("phase", phase), ("id", id)], cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken,
            commitWhen: moved => moved);

    public Task<SwitchRecord> FinishAsync(SwitchRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return SwitchWriteAsync(
            async (connection, transaction, cursor) =>
            {
                await ExecuteAsync(connection, transaction, """
                    UPDATE dyndb_switches SET cursor = @cursor, state = @state, phase = @phase, ended_at_ms = @ended, rows_copied = @rows,
                        write_pause_ms = @pause, duration_ms = @duration, validation = @validation, error = @error
                    WHERE id = @id
                    """,
                    [
                        ("cursor", cursor), ("state", record.State), ("phase", record.Phase), ("ended", Ms(record.EndedAt)), ("rows", record.RowsCopied),
                        ("pause", record.WritePauseMs), ("duration", record.DurationMs), ("validation", record.Validation is null ? null : JsonSerializer.Serialize(record.Validation, ValidationJson)),
                        ("error", record.Error), ("id", record.Id),
                    ],
                    cancellationToken).ConfigureAwait(false);
                return record with { Cursor = cursor };
            },
            cancellationToken);
    }

    public Task<SwitchRecord> DecideAsync(string id, bool approve, string by, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ThrowWhenExpiredAsync(SwitchWriteAsync(
            async (connection, transaction, cursor) =>
            {
                var rows = await ReadSwitchesAsync(connection, transaction, $"SELECT {SwitchColumns} FROM dyndb_switches WHERE id = @id", [("id", id)], cancellationToken).ConfigureAwait(false);
                var row = rows.Count == 1 ? rows[0] : throw new DynamicDbException(ErrorCodes.SwitchNotFound, $"No switch has the id '{id}'.");
                if (row.State != SwitchStates.PendingApproval)
                {
                    throw new DynamicDbException(ErrorCodes.SwitchConflict, $"Switch '{id}' is {row.State}, not {SwitchStates.PendingApproval}: it cannot be {(approve ? "approved" : "rejected")}.");
                }

                if (row.ExpiresAt <= now)
                {
                    // Recorded in this transaction, then refused: the caller's answer names the state.
                    await ExecuteAsync(connection, transaction, "UPDATE dyndb_switches SET cursor = @cursor, state = @state, ended_at_ms = @now WHERE id = @id", [("cursor", cursor), ("state", SwitchStates.Expired), ("now", now.ToUnixTimeMilliseconds()), ("id", id)], cancellationToken).ConfigureAwait(false);
                    return row with { Cursor = cursor, State = SwitchStates.Expired, EndedAt = now };
                }

                var state = approve ? SwitchStates.Running : SwitchStates.Rejected;
                await ExecuteAsync(connection, transaction, "UPDATE dyndb_switches SET cursor = @cursor, state = @state, decided_by = @by, ended_at_ms = @ended WHERE id = @id", [("cursor", cursor), ("state", state), ("by", by), ("ended", approve ? null : now.ToUnixTimeMilliseconds()), ("id", id)], cancellationToken).ConfigureAwait(false);
                return row with { Cursor = cursor, State = state, DecidedBy = by, EndedAt = approve ? null : now };
            },
            cancellationToken), approve);

    public async Task<SwitchRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await SwitchQueryAsync($"SELECT {SwitchColumns} FROM dyndb_switches WHERE id = @id", [("id", id)], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<SwitchRecord>> ListAsync(long since, int limit, CancellationToken cancellationToken = default) =>
        SwitchQueryAsync($"SELECT {SwitchColumns} FROM dyndb_switches WHERE cursor > @since ORDER BY cursor LIMIT {Math.Clamp(limit, 1, 10_000)}", [("since", since)], cancellationToken);

    public async Task<SwitchRecord?> RunningForAsync(string app, string database, CancellationToken cancellationToken = default) =>
        (await SwitchQueryAsync($"SELECT {SwitchColumns} FROM dyndb_switches WHERE app = @app AND database_name = @db AND state = @running", [("app", app), ("db", database), ("running", SwitchStates.Running)], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<SwitchRecord>> ListRunningAsync(CancellationToken cancellationToken = default) =>
        SwitchQueryAsync($"SELECT {SwitchColumns} FROM dyndb_switches WHERE state = @running ORDER BY cursor", [("running", SwitchStates.Running)], cancellationToken);

    public async Task<int> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT COUNT(*) FROM dyndb_switches WHERE started_at_ms >= @since", [("since", since.ToUnixTimeMilliseconds())]);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
    }

    private static async Task<SwitchRecord> ThrowWhenExpiredAsync(Task<SwitchRecord> decided, bool approve)
    {
        var row = await decided.ConfigureAwait(false);
        return row.State == SwitchStates.Expired
            ? throw new DynamicDbException(ErrorCodes.SwitchConflict, $"Switch '{row.Id}' is {SwitchStates.Expired} (it expired at {row.ExpiresAt:O} unanswered): it cannot be {(approve ? "approved" : "rejected")}.")
            : row;
    }

    /// <summary>Runs one switch history write in a transaction with the next cursor; committed unless <paramref name="commitWhen"/> says no.</summary>
    private Task<T> SwitchWriteAsync<T>(Func<DbConnection, DbTransaction, long, Task<T>> write, CancellationToken cancellationToken, Func<T, bool>? commitWhen = null) =>
        WriteAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                if (!_sqlite)
                {
                    await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SwitchLockKey})", [], cancellationToken).ConfigureAwait(false);
                }

                await using var next = Command(connection, "SELECT COALESCE(MAX(cursor), 0) + 1 FROM dyndb_switches", [], transaction);
                var cursor = Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                var result = await write(connection, transaction, cursor).ConfigureAwait(false);
                if (commitWhen is null || commitWhen(result))
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return result;
            },
            cancellationToken);

    private async Task<IReadOnlyList<SwitchRecord>> SwitchQueryAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await ReadSwitchesAsync(connection, null, sql, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
    }

    private static async Task InsertSwitchAsync(DbConnection connection, DbTransaction transaction, SwitchRecord row, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO dyndb_switches ({SwitchColumns}) VALUES (@id, @cursor, @app, @db, @source, @target, @state, @phase, @by, @policy, @created,
                @started, @ended, @expires, @decided, @rows, @pause, @duration, @validation, @error, @timeout, @validate, @rollback)
            """,
            [
                ("id", row.Id), ("cursor", row.Cursor), ("app", row.App), ("db", row.Database), ("source", row.Source), ("target", row.Target),
                ("state", row.State), ("phase", row.Phase), ("by", row.RequestedBy), ("policy", row.Policy), ("created", row.CreatedAt.ToUnixTimeMilliseconds()),
                ("started", Ms(row.StartedAt)), ("ended", Ms(row.EndedAt)), ("expires", Ms(row.ExpiresAt)), ("decided", row.DecidedBy),
                ("rows", row.RowsCopied), ("pause", row.WritePauseMs), ("duration", row.DurationMs),
                ("validation", row.Validation is null ? null : JsonSerializer.Serialize(row.Validation, ValidationJson)), ("error", row.Error),
                ("timeout", row.TimeoutSeconds), ("validate", row.ValidateTarget ? 1 : 0), ("rollback", row.RollbackOnFailure ? 1 : 0),
            ],
            cancellationToken).ConfigureAwait(false);

    private static async Task<IReadOnlyList<SwitchRecord>> ReadSwitchesAsync(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<SwitchRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new SwitchRecord(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                Text(reader, 7),
                Text(reader, 8),
                Text(reader, 9),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                Time(reader, 11),
                Time(reader, 12),
                Time(reader, 13),
                Text(reader, 14),
                reader.IsDBNull(15) ? null : reader.GetInt64(15),
                reader.IsDBNull(16) ? null : reader.GetDouble(16),
                reader.IsDBNull(17) ? null : reader.GetInt64(17),
                Text(reader, 18) is { } json ? JsonSerializer.Deserialize<ValidationReport>(json, ValidationJson) : null,
                Text(reader, 19),
                Convert.ToInt32(reader.GetValue(20), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(21), CultureInfo.InvariantCulture) != 0,
                Convert.ToInt64(reader.GetValue(22), CultureInfo.InvariantCulture) != 0));
        }

        return rows;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
