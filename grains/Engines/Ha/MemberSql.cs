using Npgsql;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>The SQL a replication group sends to its members, one short unpooled connection per call.</summary>
internal static class MemberSql
{
    /// <summary>A WAL position as a byte offset (pg_lsn has no 64-bit integer cast).</summary>
    public static string Bytes(string lsnExpression) => $"pg_wal_lsn_diff({lsnExpression}, '0/0')::bigint";

    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken, params object[] arguments)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                foreach (var argument in arguments)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = argument });
                }

                var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return value is null or DBNull ? default : (T)value;
            }
        }
    }

    /// <summary>Runs statements one by one on one connection (ALTER SYSTEM cannot share a transaction).</summary>
    public static async Task ExecuteAsync(string connectionString, CancellationToken cancellationToken, params string[] statements)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sql in statements)
            {
                var command = new NpgsqlCommand(sql, connection);
                await using (command.ConfigureAwait(false))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The primary's <c>pg_stat_replication</c>: application name → (state, sync state, replay lag in bytes).</summary>
    public static async Task<IReadOnlyDictionary<string, (string State, string SyncState, long? LagBytes)>> ReplicationAsync(
        string connectionString, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, (string, string, long?)>(StringComparer.Ordinal);
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(
                $"SELECT application_name, state, sync_state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint FROM pg_stat_replication",
                connection);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3));
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>A literal for ALTER SYSTEM (which takes no parameters).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
