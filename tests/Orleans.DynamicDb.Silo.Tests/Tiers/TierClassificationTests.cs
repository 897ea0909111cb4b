using System.Net;
using System.Text.Json;
using Npgsql;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.PgWire;
using Orleans.DynamicDb.Silo.Tests.Sessions;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Silo.Tests.Tiers;

/// <summary>
/// Rules of <c>DynamicDb:Tiers:Rules</c> on a real silo (gateway and wire frontend): app <c>billing</c> is High,
/// <c>application_name</c> starting with <c>etl</c> is Background; the tier shows in <c>/v1/admin/sessions</c> and is
/// stamped on every statement and transaction the database grain receives.
/// </summary>
public sealed class TierClassificationTests(PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private const string BillingKey = "billing-key-0123456789abcdef";

    private static IEnumerable<string> Arguments =>
    [
        .. SessionApi.Arguments,
        .. StatementRecorder.Arguments,
        "--DynamicDb:Auth:ApiKeys:4:App", "billing",
        "--DynamicDb:Auth:ApiKeys:4:Key", BillingKey,
        "--DynamicDb:Tiers:Rules:0:App", "billing",
        "--DynamicDb:Tiers:Rules:0:Tier", "High",
        "--DynamicDb:Tiers:Rules:1:ApplicationNamePrefix", "etl",
        "--DynamicDb:Tiers:Rules:1:Tier", "Background",
    ];

    private async Task<SessionApi> ApiAsync() => new(await fixture.GetAsync(() => Arguments));

    [Fact]
    public async Task An_http_client_of_app_billing_is_High_by_rule_and_every_statement_it_sends_carries_it()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync("billing");
        var billing = api.Silo.Silo.WithHeaders(("X-API-Key", BillingKey), ("X-Session-Id", "pay-1"));
        (await billing.ExecAsync(database, "CREATE TABLE t (id INTEGER)")).EnsureOk();
        (await billing.ExecAsync(database, "INSERT INTO t (id) VALUES (1)")).EnsureOk();
        (await billing.QueryAsync(database, "SELECT id FROM t")).EnsureOk();

        var session = await api.WaitForAsync($"app=billing&database={database}&tier=High",
            s => s.GetProperty("load").GetProperty("statements").GetInt64() == 3, "billing's session is listed as High");
        var id = session.GetProperty("id").GetString()!;
        var profile = (await api.Admin.GetAsync($"/v1/admin/sessions/{id}")).EnsureOk().Json;

        AssertTier(profile, "High", TierSources.Rule, 0);
        Assert.Empty(await api.ListAsync($"app=billing&database={database}&tier=Low"));
        var statements = StatementRecorder.Statements($"billing/{database}");
        Assert.Equal(3, statements.Count);
        Assert.All(statements, s => Assert.Equal((Tier.High, id), (s.Tier, s.SessionId)));
    }

    [Fact]
    public async Task Wire_clients_get_their_rule_tier_from_the_first_statement_billing_High_and_etl_Background()
    {
        var api = await ApiAsync();
        var etlDatabase = await api.NewDatabaseAsync();
        var billingDatabase = await api.NewDatabaseAsync("billing");
        var etlConnection = new NpgsqlConnectionStringBuilder(api.Silo.ConnectionString("alpha", GatewaySilo.AlphaKey, etlDatabase)) { ApplicationName = "ETL-nightly" };
        await using (var etl = new NpgsqlConnection(etlConnection.ConnectionString))
        await using (var billing = new NpgsqlConnection(api.Silo.ConnectionString("billing", BillingKey, billingDatabase)))
        {
            await etl.OpenAsync();
            await billing.OpenAsync();
            await ExecAsync(etl, "CREATE TABLE t (id INTEGER)");
            await ExecAsync(etl, "BEGIN");
            await ExecAsync(etl, "INSERT INTO t (id) VALUES (1)");
            await ExecAsync(etl, "COMMIT");
            await ExecAsync(billing, "CREATE TABLE t (id INTEGER)");

            var etlSession = await api.WaitForAsync($"database={etlDatabase}&protocol=pgwire", s => s.GetProperty("state").GetString() == "open", "the etl session is listed");
            var billingSession = await api.WaitForAsync($"database={billingDatabase}&tier=High", s => s.GetProperty("state").GetString() == "open", "billing's wire session is High");

            AssertTier(etlSession, "Background", TierSources.Rule, 1);
            AssertTier(billingSession, "High", TierSources.Rule, 0);
            var etlId = etlSession.GetProperty("id").GetString()!;
            Assert.All(StatementRecorder.Statements($"alpha/{etlDatabase}"), s => Assert.Equal((Tier.Background, etlId), (s.Tier, s.SessionId)));
            Assert.Equal(2, StatementRecorder.Statements($"alpha/{etlDatabase}").Count);
            Assert.Equal(Tier.Background, Assert.Single(StatementRecorder.Transactions($"alpha/{etlDatabase}")).Tier);
            Assert.All(StatementRecorder.Statements($"billing/{billingDatabase}"), s => Assert.Equal(Tier.High, s.Tier));
            using var http = new HttpClient { BaseAddress = api.Silo.Silo.Address };
            var metrics = "";
            await Eventually.True(async () =>
            {
                metrics = await http.GetStringAsync("/metrics");
                return OpenInTier(metrics, "High") >= 1 && OpenInTier(metrics, "Background") >= 1;
            }, "dyndb_tier_sessions counts the open High and Background sessions", TimeSpan.FromSeconds(60));
        }
    }

    private static double OpenInTier(string metrics, string tier) =>
        System.Text.RegularExpressions.Regex.Matches(metrics, $"^dyndb_tier_sessions\\{{[^}}]*tier=\"{tier}\"[^}}]*\\}} (\\S+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Sum();

    [Fact]
    public async Task A_bad_tier_filter_is_refused_naming_the_value()
    {
        var api = await ApiAsync();

        var detail = (await api.Admin.GetAsync("/v1/admin/sessions?tier=Urgent")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains("'tier'", detail, StringComparison.Ordinal);
        Assert.Contains("'Urgent'", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--DynamicDb:Tiers:Rules:0:App", "billing", "--DynamicDb:Tiers:Rules:0:Tier", "Urgent", "DynamicDb:Tiers:Rules:0:Tier must be High, Medium, Low or Background; it is 'Urgent'")]
    [InlineData("--DynamicDb:Tiers:Rules:0:Tier", "High", "--DynamicDb:Tiers:SwitchMargin", "0.1", "DynamicDb:Tiers:Rules:0 matches every session")]
    [InlineData("--DynamicDb:Tiers:ModelPath", "/nowhere/tier-model.zip", "--DynamicDb:Tiers:SwitchMargin", "0.1", "DynamicDb:Tiers:ModelPath is '/nowhere/tier-model.zip', but there is no such file")]
    public async Task Bad_tier_settings_stop_the_silo_with_exit_code_78_naming_the_setting(string key1, string value1, string key2, string value2, string message)
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await InProcessSilo.RunToExitAsync(data.Path, error, key1, value1, key2, value2);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertTier(JsonElement session, string tier, string source, int rule)
    {
        Assert.Equal(tier, session.GetProperty("tier").GetString());
        Assert.Equal(source, session.GetProperty("tier_source").GetString());
        Assert.Equal(1.0, session.GetProperty("tier_confidence").GetDouble());
        Assert.Equal(rule, session.GetProperty("tier_rule").GetInt32());
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
