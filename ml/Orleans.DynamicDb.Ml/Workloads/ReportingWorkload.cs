using Npgsql;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>
/// Reporting aggregates over the warehouse's 200,000 sales (GROUP BY, joins with products and stores), over the wire or
/// HTTP, with the read-write or the read-only key, a few seconds apart. Declares Low.
/// </summary>
public sealed class ReportingWorkload : IWorkload
{
    private static readonly string[] Reports =
    [
        "SELECT p.category, count(*) AS n, sum(s.amount) AS revenue FROM sales s JOIN products p ON p.id = s.product_id GROUP BY p.category ORDER BY revenue DESC",
        "SELECT st.region, date_trunc('day', s.sold_at) AS day, sum(s.amount) AS revenue FROM sales s JOIN stores st ON st.id = s.store_id GROUP BY 1, 2 ORDER BY 1, 2",
        "SELECT product_id, sum(qty) AS units FROM sales WHERE sold_at >= TIMESTAMP '2026-01-01' + (random() * 300) * INTERVAL '1 day' GROUP BY product_id ORDER BY units DESC LIMIT 100",
        "SELECT st.id, st.region, count(*) AS n, avg(s.amount) AS avg_amount FROM sales s JOIN stores st ON st.id = s.store_id GROUP BY st.id, st.region",
        "SELECT date_trunc('month', sold_at) AS month, count(DISTINCT product_id) AS products, sum(amount) AS revenue FROM sales GROUP BY 1 ORDER BY 1",
    ];

    public string Name => "reporting";

    public Tier Declared => Tier.Low;

    public double Weight => 2;

    public async Task RunAsync(WorkloadContext context, string session, Random random, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var readOnlyKey = random.NextDouble() < 0.5;
        var thinkMs = random.Between(0, 4000);
        if (random.NextDouble() < 0.5)
        {
            await using var connection = await context.OpenAsync(Datasets.Warehouse, session, readOnlyKey, cancellationToken).ConfigureAwait(false);
            while (Pace.Before(until, cancellationToken))
            {
                try
                {
                    await using var command = new NpgsqlCommand(Reports[random.Next(Reports.Length)], connection);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                    }
                }
                catch (Exception e) when (StatementErrors.IsStatementError(e))
                {
                }

                await Pace.ThinkAsync(thinkMs * random.Between(0.5, 1.5), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        while (Pace.Before(until, cancellationToken))
        {
            try
            {
                await context.Gateway.QueryAsync(Datasets.Warehouse, Reports[random.Next(Reports.Length)], [], context.Key(readOnlyKey), session, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StatementErrors.IsStatementError(e))
            {
            }

            await Pace.ThinkAsync(thinkMs * random.Between(0.5, 1.5), cancellationToken).ConfigureAwait(false);
        }
    }
}
