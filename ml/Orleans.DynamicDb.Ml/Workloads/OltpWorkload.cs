using Npgsql;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>
/// OLTP in pgbench's shape over the wire frontend: the TPC-B-like transaction (update an account, read it, update its
/// teller and branch, append history) or, for a third of the sessions, pgbench's select-only point read. Declares High.
/// </summary>
public sealed class OltpWorkload : IWorkload
{
    public string Name => "oltp";

    public Tier Declared => Tier.High;

    public double Weight => 3;

    public async Task RunAsync(WorkloadContext context, string session, Random random, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var selectOnly = random.NextDouble() < 0.33;
        var thinkMs = random.NextDouble() < 0.3 ? 0 : random.Between(2, 60);
        await using var connection = await context.OpenAsync(Datasets.Pgbench, session, readOnlyKey: false, cancellationToken).ConfigureAwait(false);
        while (Pace.Before(until, cancellationToken))
        {
            var aid = random.Next(1, Datasets.Accounts + 1);
            try
            {
                if (selectOnly)
                {
                    await using var select = new NpgsqlCommand("SELECT abalance FROM pgbench_accounts WHERE aid = $1", connection) { Parameters = { new() { Value = aid } } };
                    await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await TpcbAsync(connection, aid, random, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (StatementErrors.IsStatementError(e))
            {
            }

            await Pace.ThinkAsync(thinkMs * random.Between(0.5, 1.5), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task TpcbAsync(NpgsqlConnection connection, int aid, Random random, CancellationToken cancellationToken)
    {
        var tid = random.Next(1, Datasets.Tellers + 1);
        var bid = random.Next(1, Datasets.Branches + 1);
        var delta = random.Next(-5000, 5001);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        (string Sql, int[] Args)[] statements =
        [
            ("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", [delta, aid]),
            ("SELECT abalance FROM pgbench_accounts WHERE aid = $1", [aid]),
            ("UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2", [delta, tid]),
            ("UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2", [delta, bid]),
            ("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)", [tid, bid, aid, delta]),
        ];
        foreach (var (sql, args) in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var arg in args)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = arg });
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
