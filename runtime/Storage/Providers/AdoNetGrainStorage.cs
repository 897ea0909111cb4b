using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>
/// Grain storage in a SQL database (SQLite or PostgreSQL). One row per (grain type, grain key, state name) holds the
/// state as JSON and an etag; every write and clear is an atomic compare-and-set on that etag. The table is created
/// (or upgraded) on first use.
/// </summary>
public sealed class AdoNetGrainStorage : IGrainStorage
{
    /// <summary>The kind recorded for this provider's tables in the schema-version table.</summary>
    internal const string SchemaKind = "grain_state";

    private readonly string _name;
    private readonly AdoNetDialect _dialect;
    private readonly AdoNetSchema _schema;
    private readonly GrainStateSql _sql;
    private readonly TimeProvider _timeProvider;

    /// <param name="name">The provider's name, used in error messages.</param>
    /// <param name="options">Where to keep the state; validated here (an <see cref="ArgumentException"/> names each bad setting).</param>
    /// <param name="timeProvider">The clock for the modified_on column. Default: the system clock.</param>
    /// <param name="logger">Logs table creation. Default: none.</param>
    public AdoNetGrainStorage(string name, AdoNetGrainStorageOptions options, TimeProvider? timeProvider = null, ILogger<AdoNetGrainStorage>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        AdoNetSettings.ThrowIfInvalid(nameof(AdoNetGrainStorageOptions), options.Invariant, options.ConnectionString, options.TableName);
        _name = name;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _dialect = AdoNetDialect.Create(options.Invariant, options.ConnectionString);
        _sql = new GrainStateSql(options.TableName);
        _schema = new AdoNetSchema(_dialect, options.TableName, SchemaKind, [_sql.CreateTable(_dialect)], _timeProvider, logger ?? (ILogger)NullLogger.Instance);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStorageArguments.Validate(stateName, grainId, grainState);
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var rows = await _dialect.UseConnectionAsync(
            connection => connection.QueryAsync(
                _sql.Select,
                command => command.WithKey(stateName, grainId),
                reader => (Payload: reader.GetString(0), ETag: reader.GetString(1)),
                CancellationToken.None),
            CancellationToken.None).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = GrainStateJson.Deserialize<T>(rows[0].Payload, _name, stateName, grainId);
        grainState.ETag = rows[0].ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStorageArguments.Validate(stateName, grainId, grainState);
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var payload = GrainStateJson.Serialize(grainState.State, _name, stateName, grainId);
        var expected = grainState.ETag;
        var etag = GrainStorageEtag.New();
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var conflict = await _dialect.UseWriteConnectionAsync(
            async connection =>
            {
                var written = await connection.ExecuteAsync(
                    expected is null ? _sql.Insert : _sql.Update,
                    command => command.WithKey(stateName, grainId).With("payload", payload).With("etag", etag).With("expected", expected).With("now", now),
                    CancellationToken.None).ConfigureAwait(false);
                return written == 0 ? new Conflict(await ReadEtagAsync(connection, stateName, grainId).ConfigureAwait(false)) : null;
            },
            CancellationToken.None).ConfigureAwait(false);
        if (conflict is not null)
        {
            throw GrainStorageEtag.Conflict(_name, "write", stateName, grainId, conflict.StoredEtag, expected);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStorageArguments.Validate(stateName, grainId, grainState);
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var expected = grainState.ETag;
        var conflict = await _dialect.UseWriteConnectionAsync(
            async connection =>
            {
                // With no etag the grain expects no record: there is nothing to delete, as long as nothing is stored.
                var deleted = expected is null
                    ? 0
                    : await connection.ExecuteAsync(_sql.Delete, command => command.WithKey(stateName, grainId).With("expected", expected), CancellationToken.None).ConfigureAwait(false);
                if (deleted > 0)
                {
                    return null;
                }

                var stored = await ReadEtagAsync(connection, stateName, grainId).ConfigureAwait(false);
                return stored is null && expected is null ? null : new Conflict(stored);
            },
            CancellationToken.None).ConfigureAwait(false);
        if (conflict is not null)
        {
            throw GrainStorageEtag.Conflict(_name, "clear", stateName, grainId, conflict.StoredEtag, expected);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<string?> ReadEtagAsync(DbConnection connection, string stateName, GrainId grainId)
    {
        var rows = await connection.QueryAsync(_sql.SelectEtag, command => command.WithKey(stateName, grainId), reader => reader.GetString(0), CancellationToken.None).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>A compare-and-set that found another etag (null = no record) than the grain's.</summary>
    private sealed record Conflict(string? StoredEtag);
}
