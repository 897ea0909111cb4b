using System.Globalization;
using Npgsql;
using Orleans.DynamicDb.Silo.Tests.Engines;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Tiers;

/// <summary>
/// Tier routing end to end on a silo process running a <c>postgres-ha</c> group (a primary and two standbys), through the
/// PostgreSQL wire frontend and the HTTP gateway: app <c>reporting</c> is Low by rule and its reads run on a standby,
/// app <c>billing</c> is High and its reads run on the primary, a Low session always reads back the row it has just
/// written, and <c>/metrics</c> counts the routing per tier.
/// </summary>
public sealed class TierRoutingEndToEndTests
{
    private const string ReportingKey = "reporting-key-0123456789abcdef";
    private const string BillingKey = "billing-key-0123456789abcdef";

    [Fact]
    public async Task Reporting_reads_run_on_a_standby_billing_reads_on_the_primary_and_a_low_session_reads_its_own_writes()
    {
        var port = FreePort.Next();
        await using var silo = await HaSilo.StartAsync(
            "--DynamicDb:PgWire:Endpoint", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--DynamicDb:Auth:ApiKeys:4:App", "reporting",
            "--DynamicDb:Auth:ApiKeys:4:Key", ReportingKey,
            "--DynamicDb:Auth:ApiKeys:5:App", "billing",
            "--DynamicDb:Auth:ApiKeys:5:Key", BillingKey,
            "--DynamicDb:Tiers:Rules:0:App", "reporting",
            "--DynamicDb:Tiers:Rules:0:Tier", "Low",
            "--DynamicDb:Tiers:Rules:1:App", "billing",
            "--DynamicDb:Tiers:Rules:1:Tier", "High");
        await using var reporting = await OpenAsync(port, "reporting", ReportingKey);
        await using var billing = await OpenAsync(port, "billing", BillingKey);
        using var http = new HttpClient { BaseAddress = silo.Process.Address, Timeout = TimeSpan.FromSeconds(60) };
        var reportingHttp = new GatewayClient(http, [("X-API-Key", ReportingKey), ("X-Session-Id", "report-1")]);
        var billingHttp = new GatewayClient(http, [("X-API-Key", BillingKey), ("X-Session-Id", "pay-1")]);
        await ExecAsync(reporting, "CREATE TABLE mine (id INTEGER PRIMARY KEY)");
        (await billingHttp.ExecAsync("books", "CREATE TABLE ledger (id INTEGER)")).EnsureOk();

        // The standbys qualify once the lag poll has seen them replay the primary's position.
        await Eventually.True(async () => await InRecoveryAsync(reporting), "a Low wire read of app reporting runs on a standby", TimeSpan.FromSeconds(60));
        await Eventually.True(async () => await InRecoveryOverHttpAsync(reportingHttp), "a Low HTTP read of app reporting runs on a standby", TimeSpan.FromSeconds(60));
        for (var i = 0; i < 10; i++)
        {
            Assert.False(await InRecoveryAsync(billing), $"billing's wire read {i} ran on a standby");
            Assert.False(await InRecoveryOverHttpAsync(billingHttp), $"billing's HTTP read {i} ran on a standby");
        }

        var misses = new List<int>();
        for (var id = 1; id <= 50; id++)
        {
            await ExecAsync(reporting, $"INSERT INTO mine (id) VALUES ({id})");
            await using var read = new NpgsqlCommand($"SELECT count(*) FROM mine WHERE id = {id}", reporting);
            if (Convert.ToInt64(await read.ExecuteScalarAsync(), CultureInfo.InvariantCulture) != 1)
            {
                misses.Add(id);
            }
        }

        Assert.Empty(misses);
        await Eventually.True(async () => await InRecoveryAsync(reporting), "reporting's reads go to a standby again once its writes have replayed");
        var scrape = await ScrapeUntilAsync(silo, s =>
            s.Sum("dyndb_tier_routed_total", "tier=\"low\"", "target=\"standby\"") >= 2
            && s.Sum("dyndb_tier_routed_total", "tier=\"high\"", "target=\"primary\"", "reason=\"high\"") >= 20
            && s.Sum("dyndb_tier_routed_total", "tier=\"low\"", "target=\"primary\"", "reason=\"write\"") >= 50);
        var routed = string.Join('\n', scrape.Samples("dyndb_tier_routed_total"));
        Assert.True(scrape.Sum("dyndb_tier_routed_total", "tier=\"low\"", "target=\"standby\"", "reason=\"standby\"") >= 2, routed);
        Assert.True(scrape.Sum("dyndb_tier_routed_total", "tier=\"high\"", "target=\"primary\"", "reason=\"high\"") >= 20, routed);
        Assert.Equal(0, scrape.Sum("dyndb_tier_routed_total", "tier=\"high\"", "target=\"standby\""));
        Assert.True(scrape.Sum("dyndb_tier_routed_total", "tier=\"low\"", "target=\"primary\"", "reason=\"write\"") >= 50, routed);
    }

    private static async Task<NpgsqlConnection> OpenAsync(int port, string app, string key)
    {
        var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={port};Database=books;Username={app};Password={key};Server Compatibility Mode=NoTypeLoading;Pooling=false;Timeout=30;Command Timeout=60");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<bool> InRecoveryAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> InRecoveryOverHttpAsync(GatewayClient client) =>
        Assert.Single(await client.RowsAsync("books", "SELECT pg_is_in_recovery() AS r")).GetProperty("r").GetBoolean();

    private static async Task<PrometheusText> ScrapeUntilAsync(HaSilo silo, Func<PrometheusText, bool> condition)
    {
        PrometheusText? last = null;
        await Eventually.True(async () =>
        {
            last = new PrometheusText((await silo.Admin.GetAsync("/metrics")).Body);
            return condition(last);
        }, "/metrics counts the routing per tier");
        return last!;
    }
}
