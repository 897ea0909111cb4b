using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>
/// The engine switch endpoints over real HTTP on an in-process silo with two embedded SQLite engines, <c>sqlite</c> (the
/// default) and <c>archive</c>; databases belong to app <c>alpha</c>, written through the gateway with its app key.
/// </summary>
public sealed class SwitchEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private static readonly string[] ResultMembers =
        ["error", "id", "new_engine", "old_engine", "phase", "rows_copied", "state", "success", "switch_duration_ms", "validation", "write_pause_ms"];

    private static readonly string UnknownId = "sw_" + new string('0', 32);

    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/v1/admin/databases/alpha/orders/switch" },
        { "GET", "/v1/admin/switches" },
        { "GET", $"/v1/admin/switches/{UnknownId}" },
        { "POST", $"/v1/admin/switches/{UnknownId}/approve" },
        { "POST", $"/v1/admin/switches/{UnknownId}/reject" },
    };

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() =>
    [
        .. AdminCredentials.Arguments,
        "--DynamicDb:Engines:0:Id", "sqlite",
        "--DynamicDb:Engines:0:Kind", "sqlite",
        "--DynamicDb:Engines:0:Default", "true",
        "--DynamicDb:Engines:1:Id", "archive",
        "--DynamicDb:Engines:1:Kind", "sqlite",
        "--DynamicDb:Engines:1:DataDirectory", "archive",
    ]);

    private async Task<GatewayClient> AdminAsync() => (await SiloAsync()).WithApiKey(AdminCredentials.AdminKey);

    [Fact]
    public async Task A_switch_through_the_API_answers_the_seed_shape_and_the_history_lists_it_by_cursor()
    {
        var silo = await SiloAsync();
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);
        await SeedAsync(silo, "moved", 250);
        var before = (await admin.GetAsync("/v1/admin/switches")).EnsureOk().Json.GetProperty("next").GetString();

        var answer = (await admin.PostRawAsync("/v1/admin/databases/alpha/moved/switch", """{"target_engine":"archive","switch_mode":"graceful","timeout_seconds":30,"validate_target":true,"rollback_on_failure":true}""")).EnsureOk().Json;

        Assert.Equal(ResultMembers, answer.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());
        Assert.Equal(("sqlite", "archive", "completed"), (answer.GetProperty("old_engine").GetString(), answer.GetProperty("new_engine").GetString(), answer.GetProperty("state").GetString()));
        Assert.Equal(250, answer.GetProperty("rows_copied").GetInt64());
        Assert.True(answer.GetProperty("validation").GetProperty("passed").GetBoolean());
        Assert.Equal("archive", (await silo.Alpha.GetAsync("/v1/database/status?database=moved")).EnsureOk().Json.GetProperty("engine").GetString());
        Assert.Equal(250, (await silo.Alpha.RowsAsync("moved", "SELECT id FROM items")).Count);
        var id = answer.GetProperty("id").GetString()!;
        var page = (await admin.GetAsync($"/v1/admin/switches?since={before}&limit=1000")).EnsureOk().Json;
        var listed = page.GetProperty("switches").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
        Assert.Equal(("alpha", "moved", "admin:"), (listed.GetProperty("app").GetString(), listed.GetProperty("database").GetString(), listed.GetProperty("requested_by").GetString()![..6]));
        Assert.DoesNotContain(AdminCredentials.AdminKey, page.ToString(), StringComparison.Ordinal);
        var next = page.GetProperty("next").GetString();
        Assert.Empty((await admin.GetAsync($"/v1/admin/switches?since={next}")).EnsureOk().Json.GetProperty("switches").EnumerateArray());
        Assert.Equal("completed", (await admin.GetAsync($"/v1/admin/switches/{id}")).EnsureOk().Json.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_switch_through_the_API_is_recorded_in_the_audit_log_by_the_admin_key_id_before_and_after()
    {
        var silo = await SiloAsync();
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);
        await SeedAsync(silo, "audited", 30);

        var answer = (await admin.PostRawAsync("/v1/admin/databases/alpha/audited/switch", """{"target_engine":"archive"}""")).EnsureOk().Json;
        Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());

        JsonElement page = default;
        await Eventually.True(
            async () => (page = (await admin.GetAsync("/v1/admin/audit?target=alpha/audited")).EnsureOk().Json).GetProperty("rows").GetArrayLength() >= 2,
            "the switch's request and outcome rows");
        var rows = page.GetProperty("rows").EnumerateArray().Select(r => (Action: r.GetProperty("action").GetString(), Actor: r.GetProperty("actor").GetString()!, Result: r.GetProperty("result").GetString())).ToList();
        Assert.Equal(["switch.requested", "switch.completed"], rows.Select(r => r.Action));
        Assert.Equal(["accepted", "ok"], rows.Select(r => r.Result));
        Assert.All(rows, r => Assert.StartsWith("admin:", r.Actor, StringComparison.Ordinal));
        var switched = (await admin.GetAsync($"/v1/admin/switches/{answer.GetProperty("id").GetString()}")).EnsureOk().Json;
        Assert.Equal(rows[0].Actor, switched.GetProperty("requested_by").GetString());
        Assert.True(page.GetProperty("chain").GetProperty("intact").GetBoolean());
        Assert.DoesNotContain(AdminCredentials.AdminKey, page.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_a_switch_runs_both_engines_say_Switching_and_the_database_status_names_the_switch()
    {
        var silo = await SiloAsync();
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);
        await SeedAsync(silo, "watched", 20);
        var hooks = silo.Services.GetRequiredService<SwitchHooks>();
        var copying = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        hooks.PhaseEntered = async (_, phase) =>
        {
            if (phase == SwitchPhases.Copying)
            {
                copying.TrySetResult();
                await release.Task;
            }
        };

        try
        {
            var switching = admin.PostRawAsync("/v1/admin/databases/alpha/watched/switch", """{"target_engine":"archive"}""");
            await Eventually.Within(copying.Task, "the switch reaches the copy");

            var status = (await silo.Alpha.GetAsync("/v1/database/status?database=watched")).EnsureOk().Json.GetProperty("switch");
            Assert.Equal(("copying", "archive"), (status.GetProperty("phase").GetString(), status.GetProperty("target").GetString()));
            Assert.Equal("Switching", (await admin.GetAsync("/v1/engines/archive")).EnsureOk().Json.GetProperty("state").GetString());
            Assert.Equal("Switching", (await admin.GetAsync("/v1/engines/sqlite")).EnsureOk().Json.GetProperty("state").GetString());
            Assert.Equal(1, (await silo.Alpha.ExecAsync("watched", "INSERT INTO items (id, v) VALUES (?, ?)", 100, "during")).EnsureOk().Json.GetProperty("rows_affected").GetInt64());
            var conflict = (await admin.PostRawAsync("/v1/admin/databases/alpha/watched/switch", """{"target_engine":"archive"}""")).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.SwitchConflict);
            Assert.Contains(status.GetProperty("id").GetString()!, conflict, StringComparison.Ordinal);

            release.SetResult();
            var answer = (await switching).EnsureOk().Json;
            Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());
            Assert.False((await silo.Alpha.GetAsync("/v1/database/status?database=watched")).EnsureOk().Json.TryGetProperty("switch", out _));
            Assert.Equal(21, (await silo.Alpha.RowsAsync("watched", "SELECT id FROM items")).Count);
        }
        finally
        {
            release.TrySetResult();
            hooks.PhaseEntered = null;
        }
    }

    [Fact]
    public async Task A_pending_switch_runs_when_approved_and_a_decided_or_expired_one_answers_409_naming_its_state()
    {
        var silo = await SiloAsync();
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);
        await SeedAsync(silo, "pending", 10);
        var log = silo.Services.GetRequiredService<ISwitchLog>();
        var now = DateTimeOffset.UtcNow;
        SwitchRecord Pending(string database, DateTimeOffset expires) => new(
            SwitchRecord.NewId(), 0, "alpha", database, "sqlite", "archive", SwitchStates.PendingApproval, null, "policy:load", "load", now, null, null, expires,
            null, null, null, null, null, null, 30, true, true);
        var approved = await log.AddPendingAsync(Pending("pending", now.AddHours(1)));
        var rejected = await log.AddPendingAsync(Pending("pending", now.AddHours(1)));
        var expired = await log.AddPendingAsync(Pending("pending", now.AddSeconds(-1)));

        var ran = (await admin.PostRawAsync($"/v1/admin/switches/{approved.Id}/approve", "")).EnsureOk().Json;
        var no = (await admin.PostRawAsync($"/v1/admin/switches/{rejected.Id}/reject", "")).EnsureOk().Json;
        var again = await admin.PostRawAsync($"/v1/admin/switches/{approved.Id}/approve", "");
        var late = await admin.PostRawAsync($"/v1/admin/switches/{expired.Id}/approve", "");

        Assert.Equal((approved.Id, true, "archive"), (ran.GetProperty("id").GetString(), ran.GetProperty("success").GetBoolean(), ran.GetProperty("new_engine").GetString()));
        Assert.Equal("rejected", no.GetProperty("state").GetString());
        Assert.StartsWith("admin:", no.GetProperty("decided_by").GetString(), StringComparison.Ordinal);
        Assert.Contains("completed", again.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.SwitchConflict), StringComparison.Ordinal);
        Assert.Contains("expired", late.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.SwitchConflict), StringComparison.Ordinal);
        Assert.Equal("expired", (await admin.GetAsync($"/v1/admin/switches/{expired.Id}")).EnsureOk().Json.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("""{"target_engine":"nope"}""", HttpStatusCode.BadRequest, "engine.unknown", "'nope'")]
    [InlineData("""{"target_engine":"sqlite"}""", HttpStatusCode.BadRequest, "request.invalid", "already lives on engine 'sqlite'")]
    [InlineData("""{"target_engine":"archive","switch_mode":"hot"}""", HttpStatusCode.BadRequest, "request.invalid", "'switch_mode' 'hot'")]
    [InlineData("""{"target_engine":"archive","timeout_seconds":0}""", HttpStatusCode.BadRequest, "request.invalid", "'timeout_seconds'")]
    [InlineData("""{"target_engine":"archive","timeout_seconds":99999}""", HttpStatusCode.BadRequest, "request.invalid", "99999")]
    [InlineData("""{"target_engine":"archive","timeout_seconds":"30"}""", HttpStatusCode.BadRequest, "request.invalid", "'timeout_seconds'")]
    [InlineData("""{"target_engine":"archive","rollback_on_falure":false}""", HttpStatusCode.BadRequest, "request.invalid", "'rollback_on_falure'")]
    [InlineData("""{"target_engine":"archive","validate_target":"yes"}""", HttpStatusCode.BadRequest, "request.invalid", "'validate_target'")]
    [InlineData("""{"switch_mode":"graceful"}""", HttpStatusCode.BadRequest, "request.invalid", "'target_engine'")]
    [InlineData("""{"target_engine":""", HttpStatusCode.BadRequest, "request.invalid", "JSON")]
    public async Task A_bad_switch_request_is_refused_naming_the_problem(string body, HttpStatusCode status, string type, string named)
    {
        var silo = await SiloAsync();
        await SeedAsync(silo, "badinput", 1);

        var detail = (await silo.WithApiKey(AdminCredentials.AdminKey).PostRawAsync("/v1/admin/databases/alpha/badinput/switch", body)).AssertProblem(status, type);

        Assert.Contains(named, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/admin/switches/sw_nothex", HttpStatusCode.BadRequest, "request.invalid", "sw_nothex")]
    [InlineData("GET", "/v1/admin/switches/sw_00000000000000000000000000000000", HttpStatusCode.NotFound, "switch.not_found", "sw_0000")]
    [InlineData("POST", "/v1/admin/switches/sw_00000000000000000000000000000000/approve", HttpStatusCode.NotFound, "switch.not_found", "sw_0000")]
    [InlineData("POST", "/v1/admin/switches/x/reject", HttpStatusCode.BadRequest, "request.invalid", "'x'")]
    [InlineData("GET", "/v1/admin/switches?since=-1", HttpStatusCode.BadRequest, "request.invalid", "'since'")]
    [InlineData("GET", "/v1/admin/switches?since=pg:4", HttpStatusCode.BadRequest, "request.invalid", "'since'")]
    [InlineData("GET", "/v1/admin/switches?limit=0", HttpStatusCode.BadRequest, "request.invalid", "'limit'")]
    [InlineData("GET", "/v1/admin/switches?limit=1001", HttpStatusCode.BadRequest, "request.invalid", "'limit'")]
    [InlineData("POST", "/v1/admin/databases/alpha/never_created/switch", HttpStatusCode.NotFound, "database.not_found", "never_created")]
    [InlineData("POST", "/v1/admin/databases/alpha/Bad%20Name/switch", HttpStatusCode.BadRequest, "database.invalid_name", "Bad Name")]
    public async Task Bad_ids_cursors_and_databases_are_refused_naming_them(string method, string path, HttpStatusCode status, string type, string named)
    {
        var admin = await AdminAsync();

        var response = method == "POST" ? await admin.PostRawAsync(path, """{"target_engine":"archive"}""") : await admin.GetAsync(path);

        Assert.Contains(named, response.AssertProblem(status, type), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task App_keys_get_403_on_every_switch_route(string method, string path)
    {
        var silo = await SiloAsync();

        var response = await silo.Alpha.CallAsync(method, path);

        response.AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
    }

    private static async Task SeedAsync(GatewaySilo silo, string database, int rows)
    {
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) INSERT OR IGNORE INTO items (id, v) SELECT x, 'seed' || x FROM c")).EnsureOk();
    }
}
