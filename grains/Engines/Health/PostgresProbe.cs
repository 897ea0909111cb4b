using Npgsql;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// A registered PostgreSQL server's probe: opens a fresh (unpooled) connection to the maintenance database and runs
/// <c>SELECT 1</c>, both within the probe's timeout.
/// </summary>
public sealed class PostgresProbe : IEngineProbe
{
    private readonly string _connectionString;

    /// <summary>A probe of the server <paramref name="connectionString"/> names, giving up after <paramref name="timeout"/>.</summary>
    public PostgresProbe(string connectionString, TimeSpan timeout)
    {
        var seconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 1024);
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            Timeout = seconds,
            CommandTimeout = seconds,
            ApplicationName = "dyndb-health",
        }.ConnectionString;
    }

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand("SELECT 1", connection);
            await using (command.ConfigureAwait(false))
            {
                var answer = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (answer is not 1)
                {
                    throw new InvalidOperationException($"SELECT 1 answered '{answer}'.");
                }
            }
        }
    }
}
