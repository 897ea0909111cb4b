using System.Data.Common;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Catalog;

/// <summary>The activation epochs of <see cref="IDatabaseCatalog"/>: claimed atomically, checked and recorded in SQL.</summary>
public sealed partial class AdoNetDatabaseCatalog
{
    /// <summary>How many activations of one database <c>dyndb_activations</c> keeps; older ones are deleted on claim.</summary>
    public const int ActivationHistoryLength = 100;

    public Task<long> ClaimActivationAsync(string app, string database, string activationId, string silo, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async connection =>
            {
                var now = at.ToUnixTimeMilliseconds();
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var claim = Command(connection, """
                    UPDATE dyndb_databases SET activation_epoch = activation_epoch + 1, activation_id = @id, activation_silo = @silo,
                        status = @active, last_activity_ms = @now
                    WHERE app = @app AND database_name = @db
                    RETURNING activation_epoch
                    """, [("app", app), ("db", database), ("id", activationId), ("silo", silo), ("active", DatabaseStatus.Active), ("now", now)], transaction);
                if (await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not { } claimed)
                {
                    throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"Database '{database}' of app '{app}' has no catalog entry to claim an activation epoch on.");
                }

                var epoch = Convert.ToInt64(claimed, System.Globalization.CultureInfo.InvariantCulture);
                await ExecuteAsync(connection, transaction, """
                    UPDATE dyndb_activations SET ended_at_ms = @now, end_reason = @abandoned
                    WHERE app = @app AND database_name = @db AND ended_at_ms IS NULL
                    """, [("app", app), ("db", database), ("now", now), ("abandoned", ActivationEnd.Abandoned)], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO dyndb_activations (app, database_name, epoch, activation_id, silo, woke_at_ms) VALUES (@app, @db, @epoch, @id, @silo, @now)
                    """, [("app", app), ("db", database), ("epoch", epoch), ("id", activationId), ("silo", silo), ("now", now)], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, """
                    DELETE FROM dyndb_activations WHERE app = @app AND database_name = @db AND epoch <= @oldest
                    """, [("app", app), ("db", database), ("oldest", epoch - ActivationHistoryLength)], cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return epoch;
            },
            cancellationToken);

    public async Task<bool> IsCurrentActivationAsync(string app, string database, long epoch, CancellationToken cancellationToken = default)
    {
        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT activation_epoch FROM dyndb_databases WHERE app = @app AND database_name = @db", [("app", app), ("db", database)]);
            var current = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return current is not null and not DBNull && Convert.ToInt64(current, System.Globalization.CultureInfo.InvariantCulture) == epoch;
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
    }

    public async Task<bool> SetStatusAsync(string app, string database, string status, DateTimeOffset lastActivity, long epoch, CancellationToken cancellationToken = default) =>
        await WriteAsync(
            "UPDATE dyndb_databases SET status = @status, last_activity_ms = @activity WHERE app = @app AND database_name = @db AND activation_epoch = @epoch",
            [("app", app), ("db", database), ("status", status), ("activity", lastActivity.ToUnixTimeMilliseconds()), ("epoch", epoch)],
            cancellationToken).ConfigureAwait(false) > 0;

    public Task EndActivationAsync(string app, string database, long epoch, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(
            // An abandoned activation that noticed it was fenced says so; any other end is recorded once.
            "UPDATE dyndb_activations SET ended_at_ms = @at, end_reason = @reason WHERE app = @app AND database_name = @db AND epoch = @epoch AND (ended_at_ms IS NULL OR @reason = @fenced)",
            [("app", app), ("db", database), ("epoch", epoch), ("reason", reason), ("at", at.ToUnixTimeMilliseconds()), ("fenced", ActivationEnd.Fenced)],
            cancellationToken);

    public async Task<IReadOnlyList<DatabaseActivation>> ListActivationsAsync(string app, string database, CancellationToken cancellationToken = default)
    {
        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(
                connection,
                "SELECT app, database_name, epoch, activation_id, silo, woke_at_ms, ended_at_ms, end_reason FROM dyndb_activations WHERE app = @app AND database_name = @db ORDER BY epoch",
                [("app", app), ("db", database)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<DatabaseActivation>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new DatabaseActivation(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetInt64(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }

            return rows;
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
