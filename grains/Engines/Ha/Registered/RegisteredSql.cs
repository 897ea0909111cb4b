using Npgsql;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>Short SQL exchanges with a registered member that never throw for a server that is down or hung.</summary>
internal static class RegisteredSql
{
    /// <summary>The value of <paramref name="sql"/>, or the failure's message when the member does not answer (within its connection's timeouts).</summary>
    public static async Task<(T? Value, string? Failure)> TryScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken)
    {
        try
        {
            return (await MemberSql.ScalarAsync<T>(connectionString, sql, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or InvalidCastException)
        {
            return (default, e.Message);
        }
    }

    /// <summary>Runs <paramref name="statements"/>; the failure's message when the member does not answer, else null.</summary>
    public static async Task<string?> TryExecuteAsync(string connectionString, CancellationToken cancellationToken, params string[] statements)
    {
        try
        {
            await MemberSql.ExecuteAsync(connectionString, cancellationToken, statements).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>The primary's <c>pg_stat_replication</c>, or an empty map when it does not answer.</summary>
    public static async Task<IReadOnlyDictionary<string, (string State, string SyncState, long? LagBytes)>> TryReplicationAsync(
        string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            return await MemberSql.ReplicationAsync(connectionString, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new Dictionary<string, (string, string, long?)>();
        }
    }
}
