using Npgsql;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>
/// Batch jobs over the wire: in one transaction, a large UPDATE over a range of sales, a rebuilt daily summary
/// (DELETE + INSERT ... SELECT GROUP BY) or a large DELETE of loaded staging rows. Declares Background.
/// </summary>
public sealed class BatchJobWorkload : IWorkload
{
    public string Name => "batch";

    public Tier Declared => Tier.Background;

    public double Weight => 1;

    public async Task RunAsync(WorkloadContext context, string session, Random random, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var range = random.Next(2_000, 40_001);
        var pauseMs = random.Between(500, 5000);
        var staging = random.NextDouble() < 0.3;
        await using var connection = await context.OpenAsync(staging ? Datasets.Staging : Datasets.Warehouse, session, readOnlyKey: false, cancellationToken).ConfigureAwait(false);
        while (Pace.Before(until, cancellationToken))
        {
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                string[] job = staging
                    ? [$"DELETE FROM load_target WHERE id IN (SELECT id FROM load_target ORDER BY id LIMIT {range})", "SELECT count(*) FROM load_target"]
                    : random.Next(2) == 0
                        ? [$"UPDATE sales SET qty = qty + 1 - 2 * (qty % 2) WHERE id BETWEEN {random.Next(1, Datasets.Sales - range)} AND {range} + {random.Next(1, Datasets.Sales - range)}"]
                        : ["DELETE FROM sales_daily", "INSERT INTO sales_daily SELECT date_trunc('day', s.sold_at)::date, st.region, sum(s.amount) FROM sales s JOIN stores st ON st.id = s.store_id GROUP BY 1, 2"];
                foreach (var sql in job)
                {
                    await using var command = new NpgsqlCommand(sql, connection, transaction);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StatementErrors.IsStatementError(e))
            {
            }

            await Pace.ThinkAsync(pauseMs * random.Between(0.5, 1.5), cancellationToken).ConfigureAwait(false);
        }
    }
}
