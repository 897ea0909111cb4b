using Npgsql;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>
/// Maintenance and background jobs: ANALYZE, periodic cleanup of old history and staging rows and size checks over the
/// wire (PostgreSQL), or cleanup and ANALYZE over HTTP (SQLite), seconds apart. Declares Background.
/// </summary>
public sealed class MaintenanceWorkload : IWorkload
{
    private static readonly (string Database, string Sql)[] WireJobs =
    [
        (Datasets.Pgbench, "ANALYZE pgbench_accounts"),
        (Datasets.Pgbench, "DELETE FROM pgbench_history WHERE mtime < CURRENT_TIMESTAMP - INTERVAL '2 minutes'"),
        (Datasets.Pgbench, "SELECT count(*) FROM pgbench_history"),
        (Datasets.Pgbench, "SELECT sum(abalance) FROM pgbench_accounts"),
        (Datasets.Pgbench, "VACUUM pgbench_branches"),
    ];

    private static readonly string[] HttpJobs =
    [
        "DELETE FROM load_target WHERE id < (SELECT max(id) - 5000 FROM load_target)",
        "ANALYZE",
        "SELECT count(*) AS n FROM load_target",
    ];

    public string Name => "maintenance";

    public Tier Declared => Tier.Background;

    public double Weight => 1;

    public async Task RunAsync(WorkloadContext context, string session, Random random, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var pauseMs = random.Between(1000, 6000);
        if (random.NextDouble() < 0.65)
        {
            await using var connection = await context.OpenAsync(Datasets.Pgbench, session, readOnlyKey: false, cancellationToken).ConfigureAwait(false);
            while (Pace.Before(until, cancellationToken))
            {
                try
                {
                    await using var command = new NpgsqlCommand(WireJobs[random.Next(WireJobs.Length)].Sql, connection);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (StatementErrors.IsStatementError(e))
                {
                }

                await Pace.ThinkAsync(pauseMs * random.Between(0.5, 1.5), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        while (Pace.Before(until, cancellationToken))
        {
            var sql = HttpJobs[random.Next(HttpJobs.Length)];
            try
            {
                _ = sql.StartsWith("SELECT", StringComparison.Ordinal)
                    ? await context.Gateway.QueryAsync(Datasets.StagingLite, sql, [], context.Options.AppKey, session, cancellationToken).ConfigureAwait(false)
                    : await context.Gateway.ExecAsync(Datasets.StagingLite, sql, [], context.Options.AppKey, session, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StatementErrors.IsStatementError(e))
            {
            }

            await Pace.ThinkAsync(pauseMs * random.Between(0.5, 1.5), cancellationToken).ConfigureAwait(false);
        }
    }
}
