using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>
/// A reminder table in a SQL database (SQLite or PostgreSQL). Each row carries its grain's ring position
/// (<see cref="GrainId.GetUniformHashCode"/>) so a silo reads its slice of the ring with one indexed range query.
/// </summary>
public sealed class AdoNetReminderTable : IReminderTable
{
    /// <summary>The kind recorded for this provider's tables in the schema-version table.</summary>
    internal const string SchemaKind = "reminders";

    private readonly AdoNetDialect _dialect;
    private readonly AdoNetSchema _schema;
    private readonly ReminderSql _sql;

    /// <param name="options">Where to keep the reminders; validated here (an <see cref="ArgumentException"/> names each bad setting).</param>
    /// <param name="logger">Logs table creation. Default: none.</param>
    /// <param name="timeProvider">The clock for the schema-version row. Default: the system clock.</param>
    public AdoNetReminderTable(AdoNetReminderTableOptions options, ILogger<AdoNetReminderTable>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        AdoNetSettings.ThrowIfInvalid(nameof(AdoNetReminderTableOptions), options.Invariant, options.ConnectionString, options.TableName);
        _dialect = AdoNetDialect.Create(options.Invariant, options.ConnectionString);
        _sql = new ReminderSql(options.TableName);
        _schema = new AdoNetSchema(_dialect, options.TableName, SchemaKind, [_sql.CreateTable()], timeProvider ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance);
    }

    public async Task StartAsync(CancellationToken cancellationToken) => await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);

    public Task<IReadOnlyList<ReminderEntry>> ReadRows(GrainId grainId)
    {
        ReminderRows.Validate(grainId);
        return QueryAsync(_sql.SelectGrain, command => command.WithGrain(grainId));
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRows(uint begin, uint end)
    {
        if (begin == end)
        {
            return QueryAsync(_sql.SelectAll, AdoNetCommands.NoParameters);
        }

        return QueryAsync(begin < end ? _sql.SelectInside : _sql.SelectWrapped, command => command.With("begin", (long)begin).With("end", (long)end));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        ReminderRows.Validate(grainId, reminderName);
        var rows = await QueryAsync(_sql.SelectRow, command => command.WithGrain(grainId).With("reminder_name", reminderName)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<string> UpsertRow(ReminderEntry entry)
    {
        ReminderRows.Validate(entry);
        var etag = GrainStorageEtag.New();
        await ExecuteAsync(_sql.Upsert, command => command
            .WithGrain(entry.GrainId)
            .With("reminder_name", entry.ReminderName)
            .With("grain_hash", (long)entry.GrainId.GetUniformHashCode())
            .With("start_at_ticks", ReminderRows.ToUtc(entry.StartAt).Ticks)
            .With("period_ticks", entry.Period.Ticks)
            .With("etag", etag)).ConfigureAwait(false);
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        ReminderRows.Validate(grainId, reminderName);
        var rows = await ExecuteAsync(_sql.Delete, command => command.WithGrain(grainId).With("reminder_name", reminderName).With("etag", eTag)).ConfigureAwait(false);
        return rows > 0;
    }

    public Task TestOnlyClearTable() => ExecuteAsync(_sql.DeleteAll, AdoNetCommands.NoParameters);

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, Action<DbCommand> bind)
    {
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        return await _dialect.UseConnectionAsync(
            connection => connection.QueryAsync(sql, bind, ReminderSql.ReadEntry, CancellationToken.None),
            CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<int> ExecuteAsync(string sql, Action<DbCommand> bind)
    {
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        return await _dialect.UseWriteConnectionAsync(
            connection => connection.ExecuteAsync(sql, bind, CancellationToken.None),
            CancellationToken.None).ConfigureAwait(false);
    }
}

/// <summary>Binds the grain columns of a reminder row.</summary>
internal static class ReminderSqlParameters
{
    public static DbCommand WithGrain(this DbCommand command, GrainId grainId) =>
        command.With("grain_type", grainId.Type).With("grain_key", grainId.Key);
}
