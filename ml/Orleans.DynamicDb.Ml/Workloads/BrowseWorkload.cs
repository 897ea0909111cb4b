using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>
/// A read-only dashboard of the app over HTTP with the read-only key: pages of users and recent orders, a few seconds
/// apart. Declares Medium (useful to people, not transactional).
/// </summary>
public sealed class BrowseWorkload : IWorkload
{
    public string Name => "browse";

    public Tier Declared => Tier.Medium;

    public double Weight => 1.5;

    public async Task RunAsync(WorkloadContext context, string session, Random random, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var database = random.NextDouble() < 0.5 ? Datasets.App : Datasets.AppPg;
        var thinkMs = random.Between(300, 2500);
        var page = random.Next(10, 101);
        var key = context.Options.ReadOnlyKey;
        while (Pace.Before(until, cancellationToken))
        {
            try
            {
                if (random.NextDouble() < 0.6)
                {
                    await context.Gateway.QueryAsync(database, $"SELECT id, name, email FROM users ORDER BY id LIMIT {page} OFFSET ?", [random.Next(0, Datasets.Users - page)], key, session, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await context.Gateway.QueryAsync(database, $"SELECT id, user_id, total FROM orders ORDER BY id DESC LIMIT {page}", [], key, session, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (StatementErrors.IsStatementError(e))
            {
            }

            await Pace.ThinkAsync(thinkMs * random.Between(0.5, 1.5), cancellationToken).ConfigureAwait(false);
        }
    }
}
