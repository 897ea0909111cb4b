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
        await using var connection = await _dialect.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.Command(_sql.Select).WithKey(stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = GrainStateJson.Deserialize<T>(reader.GetString(0));
        grainState.ETag = reader.GetString(1);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStorageArguments.Validate(stateName, grainId, grainState);
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var payload = GrainStateJson.Serialize(grainState.State);
        var expected = grainState.ETag;
        var etag = GrainStorageEtag.New();
        using (await _dialect.EnterWriteAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await using var connection = await _dialect.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var command = connection.Command(expected is null ? _sql.Insert : _sql.Update)
                .WithKey(stateName, grainId)
                .With("payload", payload)
                .With("etag", etag)
                .With("expected", expected)
                .With("now", _timeProvider.GetUtcNow().UtcDateTime);
            if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
            {
                var stored = await ReadEtagAsync(connection, stateName, grainId).ConfigureAwait(false);
                throw GrainStorageEtag.Conflict(_name, "write", stateName, grainId, stored, expected);
            }
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStorageArguments.Validate(stateName, grainId, grainState);
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var expected = grainState.ETag;
        using (await _dialect.EnterWriteAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await using var connection = await _dialect.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            if (expected is null)
            {
                // Nothing to delete, as long as nothing is stored.
                var stored = await ReadEtagAsync(connection, stateName, grainId).ConfigureAwait(false);
                GrainStorageEtag.Check(_name, "clear", stateName, grainId, stored, expected);
            }
            else
            {
                await using var command = connection.Command(_sql.Delete).WithKey(stateName, grainId).With("expected", expected);
                if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
                {
                    var stored = await ReadEtagAsync(connection, stateName, grainId).ConfigureAwait(false);
                    throw GrainStorageEtag.Conflict(_name, "clear", stateName, grainId, stored, expected);
                }
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<string?> ReadEtagAsync(System.Data.Common.DbConnection connection, string stateName, GrainId grainId)
    {
        await using var command = connection.Command(_sql.SelectEtag).WithKey(stateName, grainId);
        return await command.ReadStringAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
