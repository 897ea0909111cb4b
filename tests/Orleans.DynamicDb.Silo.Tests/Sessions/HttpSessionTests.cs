using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.PgWire;

namespace Orleans.DynamicDb.Silo.Tests.Sessions;

/// <summary>HTTP clients of the gateway as sessions, and the rules of <c>/v1/admin/sessions</c>: admin keys only, bad input named.</summary>
public sealed class HttpSessionTests(PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private async Task<SessionApi> ApiAsync() => new(await fixture.GetAsync(() => SessionApi.Arguments));

    [Fact]
    public async Task An_http_client_that_names_its_session_is_one_session_per_app_and_X_Session_Id()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        var betaDatabase = await api.NewDatabaseAsync("beta");
        var alpha = api.Silo.Silo.WithHeaders(("X-API-Key", GatewaySilo.AlphaKey), ("X-Session-Id", "report-job.7"));
        var beta = api.Silo.Silo.WithHeaders(("X-API-Key", GatewaySilo.BetaKey), ("X-Session-Id", "report-job.7"));
        (await alpha.ExecAsync(database, "CREATE TABLE t (id INTEGER)")).EnsureOk();
        (await alpha.ExecAsync(database, "INSERT INTO t (id) VALUES (1)")).EnsureOk();
        (await alpha.QueryAsync(database, "SELECT id FROM t")).EnsureOk();
        (await beta.ExecAsync(betaDatabase, "CREATE TABLE t (id INTEGER)")).EnsureOk();

        var session = await api.WaitForAsync("protocol=http&app=alpha",
            s => s.GetProperty("client_session_id").GetString() == "report-job.7" && s.GetProperty("load").GetProperty("statements").GetInt64() == 3,
            "alpha's named session has its three statements");
        var betaSession = await api.WaitForAsync("protocol=http&app=beta",
            s => s.GetProperty("client_session_id").GetString() == "report-job.7" && s.GetProperty("load").GetProperty("statements").GetInt64() >= 1,
            "beta's session of the same name is its own (it opens before its first statement runs, so wait for the statement's report)");

        Assert.NotEqual(session.GetProperty("id").GetString(), betaSession.GetProperty("id").GetString());
        Assert.Equal(1, betaSession.GetProperty("load").GetProperty("statements").GetInt64());
        Assert.Equal(database, session.GetProperty("database").GetString());
        Assert.Equal(2, session.GetProperty("load").GetProperty("writes").GetInt64());
        Assert.Equal(1, session.GetProperty("load").GetProperty("reads").GetInt64());
        Assert.Equal("127.0.0.1", session.GetProperty("client_address").GetString());
    }

    [Fact]
    public async Task An_http_client_without_a_session_header_is_one_session_per_credential_and_address_that_ends_when_idle()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        (await api.Silo.Silo.AlphaReadOnly.QueryAsync(database, "SELECT 1")).EnsureOk();
        (await api.Silo.Silo.AlphaReadOnly.QueryAsync(database, "SELECT 2")).EnsureOk();

        var session = await api.WaitForAsync($"protocol=http&database={database}",
            s => s.GetProperty("load").GetProperty("statements").GetInt64() == 2, "both requests count in one session");

        Assert.Equal("read_only", session.GetProperty("privilege").GetString());
        Assert.Equal(JsonValueKindNull, session.GetProperty("client_session_id").ValueKind);
        var id = session.GetProperty("id").GetString()!;
        await api.WaitForSessionAsync(id, r => r.Status == HttpStatusCode.OK && r.Json.GetProperty("state").GetString() == "closed",
            "the HTTP session ends after DynamicDb:Sessions:HttpIdleTimeout (5 s) without a request");
    }

    [Fact]
    public async Task A_bad_X_Session_Id_is_refused_naming_the_value()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        var client = api.Silo.Silo.WithHeaders(("X-API-Key", GatewaySilo.AlphaKey), ("X-Session-Id", "bad id/with*chars"));

        var detail = (await client.QueryAsync(database, "SELECT 1")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains("X-Session-Id", detail, StringComparison.Ordinal);
        Assert.Contains("bad id/with*chars", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/admin/sessions")]
    [InlineData("GET", "/v1/admin/sessions/pg-0123")]
    [InlineData("DELETE", "/v1/admin/sessions/pg-0123")]
    public async Task The_sessions_API_needs_an_admin_key(string method, string path)
    {
        var api = await ApiAsync();

        var asApp = method == "GET" ? await api.Silo.Silo.Alpha.GetAsync(path) : await api.Silo.Silo.Alpha.DeleteAsync(path);
        var anonymous = method == "GET" ? await api.Silo.Silo.WithApiKey(null).GetAsync(path) : await api.Silo.Silo.WithApiKey(null).DeleteAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, asApp.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
    }

    [Theory]
    [InlineData("protocol=ftp", "'protocol'", "ftp")]
    [InlineData("state=sleeping", "'state'", "sleeping")]
    [InlineData("limit=0", "'limit'", "'0'")]
    [InlineData("limit=abc", "'limit'", "abc")]
    [InlineData("app=a%20b", "'app'", "a b")]
    [InlineData("after=x*y", "'after'", "x*y")]
    public async Task A_bad_filter_is_refused_naming_the_parameter_and_value(string query, string parameter, string value)
    {
        var api = await ApiAsync();

        var detail = (await api.Admin.GetAsync($"/v1/admin/sessions?{query}")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains(parameter, detail, StringComparison.Ordinal);
        Assert.Contains(value, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_session_id_is_refused_and_an_unknown_one_is_not_found()
    {
        var api = await ApiAsync();

        var bad = (await api.Admin.GetAsync("/v1/admin/sessions/no*such")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid");
        var unknown = (await api.Admin.DeleteAsync("/v1/admin/sessions/pg-0000")).AssertProblem(HttpStatusCode.NotFound, "session.not_found");

        Assert.Contains("no*such", bad, StringComparison.Ordinal);
        Assert.Contains("pg-0000", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listing_pages_in_id_order_with_a_cursor()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        for (var i = 0; i < 3; i++)
        {
            var client = api.Silo.Silo.WithHeaders(("X-API-Key", GatewaySilo.AlphaKey), ("X-Session-Id", $"pager-{database}-{i}"));
            (await client.QueryAsync(database, "SELECT 1")).EnsureOk();
        }

        await Orleans.DynamicDb.TestInfrastructure.Eventually.True(async () => (await api.ListAsync($"database={database}")).Count == 3, "three sessions are listed");
        var first = (await api.Admin.GetAsync($"/v1/admin/sessions?database={database}&limit=2")).EnsureOk().Json;
        var next = first.GetProperty("next").GetString();
        var second = (await api.Admin.GetAsync($"/v1/admin/sessions?database={database}&limit=2&after={next}")).EnsureOk().Json;

        var ids = first.GetProperty("sessions").EnumerateArray().Concat(second.GetProperty("sessions").EnumerateArray()).Select(s => s.GetProperty("id").GetString()!).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
