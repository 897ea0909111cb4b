using System.Text;
using Npgsql;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>
/// Bulk loads into staging tables: <c>COPY ... FROM STDIN</c> or multi-row INSERTs over the wire (PostgreSQL), or
/// multi-row INSERTs over HTTP (SQLite), batches of hundreds to thousands of rows. Declares Background.
/// </summary>
public sealed class BulkLoadWorkload : IWorkload
{
    public string Name => "bulk";

    public Tier Declared => Tier.Background;

    public double Weight => 1;

    public async Task RunAsync(WorkloadContext context, string session, Random random, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var mode = random.Next(3);
        var batchRows = mode == 0 ? random.Next(1_000, 20_001) : random.Next(100, 801);
        var pauseMs = random.Between(200, 3000);
        var batch = 0;
        await using var connection = mode < 2 ? await context.OpenAsync(Datasets.Staging, session, readOnlyKey: false, cancellationToken).ConfigureAwait(false) : null;
        while (Pace.Before(until, cancellationToken))
        {
            var name = $"{session}-{batch++}";
            try
            {
                switch (mode)
                {
                    case 0:
                        await CopyAsync(connection!, name, batchRows, cancellationToken).ConfigureAwait(false);
                        break;
                    case 1:
                        await using (var insert = new NpgsqlCommand(MultiRowInsert(name, batchRows, literal: true), connection))
                        {
                            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }

                        break;
                    default:
                        var args = Enumerable.Range(0, batchRows).SelectMany(i => new object?[] { name, Payload(i), i }).ToArray();
                        await context.Gateway.ExecAsync(Datasets.StagingLite, MultiRowInsert(name, batchRows, literal: false), args, context.Options.AppKey, session, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception e) when (StatementErrors.IsStatementError(e))
            {
            }

            await Pace.ThinkAsync(pauseMs * random.Between(0.5, 1.5), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string batch, int rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginTextImportAsync("COPY load_target (batch, payload, n) FROM STDIN", cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < rows; i++)
        {
            await writer.WriteAsync($"{batch}\t{Payload(i)}\t{i}\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string MultiRowInsert(string batch, int rows, bool literal)
    {
        var sql = new StringBuilder("INSERT INTO load_target (batch, payload, n) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(literal ? $"('{batch}', '{Payload(i)}', {i})" : "(?, ?, ?)");
        }

        return sql.ToString();
    }

    private static string Payload(int i) => $"item-{i:D6}-" + new string((char)('a' + i % 26), 24);
}
