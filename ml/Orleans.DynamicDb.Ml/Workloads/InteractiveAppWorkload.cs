using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>
/// An app's interactive traffic over HTTP (<c>/v1/database/query|exec</c>): small reads and writes of one user's data
/// with think time between them, on the SQLite or the PostgreSQL copy of the app's database. Declares High.
/// </summary>
public sealed class InteractiveAppWorkload : IWorkload
{
    public string Name => "app";

    public Tier Declared => Tier.High;

    public double Weight => 3;

    public async Task RunAsync(WorkloadContext context, string session, Random random, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var database = random.NextDouble() < 0.5 ? Datasets.App : Datasets.AppPg;
        var thinkMs = random.Between(30, 900);
        var readShare = random.Between(0.5, 0.95);
        var key = context.Options.AppKey;
        var gateway = context.Gateway;
        while (Pace.Before(until, cancellationToken))
        {
            var user = random.Next(1, Datasets.Users + 1);
            try
            {
                if (random.NextDouble() < readShare)
                {
                    _ = random.Next(3) switch
                    {
                        0 => await gateway.QueryAsync(database, "SELECT id, name, email, last_seen FROM users WHERE id = ?", [user], key, session, cancellationToken).ConfigureAwait(false),
                        1 => await gateway.QueryAsync(database, "SELECT id, total, created FROM orders WHERE user_id = ? ORDER BY id DESC LIMIT 20", [user], key, session, cancellationToken).ConfigureAwait(false),
                        _ => await gateway.QueryAsync(database, "SELECT count(*) AS n, sum(total) AS spent FROM orders WHERE user_id = ?", [user], key, session, cancellationToken).ConfigureAwait(false),
                    };
                }
                else if (random.NextDouble() < 0.6)
                {
                    await gateway.ExecAsync(database, "INSERT INTO orders (user_id, total, created) VALUES (?, ?, ?)", [user, Math.Round(random.Between(1, 300), 2), "2026-12-05"], key, session, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await gateway.ExecAsync(database, "UPDATE users SET last_seen = ? WHERE id = ?", [DateTimeOffset.UtcNow.ToString("O"), user], key, session, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (StatementErrors.IsStatementError(e))
            {
            }

            await Pace.ThinkAsync(thinkMs * random.Between(0.3, 1.7), cancellationToken).ConfigureAwait(false);
        }
    }
}
