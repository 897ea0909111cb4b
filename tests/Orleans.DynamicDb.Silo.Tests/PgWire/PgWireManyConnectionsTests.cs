using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.DynamicDb.Silo.PgWire;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>
/// 1,000 Npgsql connections open at once on one silo (its <c>MaxConnections</c> raised to 1,100). The silo and the test
/// share this process, so it holds about 2,000 sockets here; a silo alone needs <c>ulimit -n</c> above
/// MaxConnections plus some 200 descriptors of its own (files, Orleans, HTTP).
/// </summary>
public sealed class PgWireManyConnectionsTests(PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private const int Connections = 1000;

    [Fact]
    public async Task A_thousand_connections_open_at_once_each_get_their_answer_and_all_close_on_the_server()
    {
        var silo = await fixture.GetAsync(() => ["--DynamicDb:PgWire:MaxConnections", "1100", "--DynamicDb:PgWire:IdleTimeout", "00:05:00"]);
        var metrics = silo.Silo.Services.GetRequiredService<PgWireMetrics>();
        var before = metrics.Open;
        var connectionString = silo.ConnectionString("alpha", GatewaySilo.AlphaKey, "many") + ";Timeout=60";
        var connections = new NpgsqlConnection[Connections];
        try
        {
            // Opened 64 at a time (the listen backlog and 2 cores), all kept open.
            using var gate = new SemaphoreSlim(64);
            await Task.WhenAll(Enumerable.Range(0, Connections).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    connections[i] = new NpgsqlConnection(connectionString);
                    await connections[i].OpenAsync();
                }
                finally
                {
                    gate.Release();
                }
            }));
            Assert.Equal(before + Connections, metrics.Open);

            // Then every one runs a statement at the same time, and gets its own answer.
            var answers = await Task.WhenAll(connections.Select(async (connection, i) =>
            {
                await using var command = new NpgsqlCommand($"SELECT {i} + 1", connection);
                return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }));
            Assert.Equal(Enumerable.Range(1, Connections).Select(i => (long)i), answers);
        }
        finally
        {
            await Task.WhenAll(connections.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
        }

        await Eventually.True(() => metrics.Open == before,
            $"the server closed all {Connections} connections (dyndb_pgwire_connections_open {metrics.Open}, {before} before)", TimeSpan.FromSeconds(30));
    }
}
