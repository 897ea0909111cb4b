using Npgsql;

namespace Orleans.DynamicDb.Engines.Ha.AutoScale;

/// <summary>
/// Samples each running standby's load: the client backends in <c>pg_stat_activity</c> with <c>state = 'active'</c>,
/// excluding the sampler's own backend (walsenders and walreceivers are not client backends). One short connection per
/// standby, bounded by the group's command timeout; a standby that does not answer is left out of the sample.
/// </summary>
internal static class StandbyLoadSampler
{
    private const string Sql =
        "SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()";

    public static async Task<MemberLoads> SampleAsync(IReplicationGroup group, ReplicationGroupStatus observed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in observed.Members.Where(m => m is { Role: MemberRole.Standby, Running: true }))
        {
            try
            {
                var connection = new NpgsqlConnection(group.ConnectionString(member.Name));
                await using (connection.ConfigureAwait(false))
                {
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    var command = new NpgsqlCommand(Sql, connection);
                    await using (command.ConfigureAwait(false))
                    {
                        active[member.Name] = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    }
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or KeyNotFoundException)
            {
                // Not answering, or removed since it was observed: not sampled (its health watch reports it).
            }
        }

        return new MemberLoads(now, active);
    }
}
