using System.Net;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Switching;

/// <summary><c>/v1/admin/policies</c> on an in-process silo (embedded SQLite engine <c>sqlite</c>): admin only, bad bodies named, the round trip.</summary>
public sealed class PolicyEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private const string Path = "/v1/admin/policies";

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => AdminCredentials.Arguments);

    [Fact]
    public async Task App_keys_get_403_on_every_policy_route()
    {
        var silo = await SiloAsync();

        (await silo.Alpha.PostRawAsync(Path, Body("p1"))).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
        (await silo.Alpha.GetAsync(Path)).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
        (await silo.Alpha.DeleteAsync(Path + "/p1")).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
    }

    [Fact]
    public async Task A_policy_is_created_listed_replaced_and_deleted()
    {
        var admin = (await SiloAsync()).WithApiKey(AdminCredentials.AdminKey);

        var created = (await admin.PostRawAsync(Path, Body("roundtrip", threshold: "1000.0"))).EnsureOk().Json;
        Assert.Equal("roundtrip", created.GetProperty("policy_name").GetString());
        Assert.Equal("performance", created.GetProperty("trigger_type").GetString());
        Assert.Equal(1000, created.GetProperty("threshold_value").GetDouble());
        Assert.Equal("sqlite", created.GetProperty("target_engine").GetString());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Equal(60, created.GetProperty("window_seconds").GetDouble());

        var replaced = (await admin.PostRawAsync(Path, """{"policy_name":"roundtrip","trigger_type":"load_based","threshold_value":100,"scale_down_threshold":20,"target_engine":"SQLITE","enabled":false,"apps":["shop"]}""")).EnsureOk().Json;
        Assert.Equal("load_based", replaced.GetProperty("trigger_type").GetString());
        Assert.Equal(20, replaced.GetProperty("scale_down_threshold").GetDouble());
        Assert.Equal("sqlite", replaced.GetProperty("target_engine").GetString());
        Assert.False(replaced.GetProperty("enabled").GetBoolean());

        var listed = (await admin.GetAsync(Path)).EnsureOk().Json.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("policy_name").GetString() == "roundtrip");
        Assert.Equal("shop", listed.GetProperty("apps")[0].GetString());

        Assert.Equal("roundtrip", (await admin.DeleteAsync(Path + "/roundtrip")).EnsureOk().Json.GetProperty("policy_name").GetString());
        Assert.DoesNotContain((await admin.GetAsync(Path)).EnsureOk().Json.GetProperty("policies").EnumerateArray(), p => p.GetProperty("policy_name").GetString() == "roundtrip");
        Assert.Contains("'roundtrip'", (await admin.DeleteAsync(Path + "/roundtrip")).AssertProblem(HttpStatusCode.NotFound, "policy.not_found"));

        // Each change is in the audit log, asked for and done, by the admin key's credential id; the unknown delete left none.
        var audit = (await admin.GetAsync("/v1/admin/audit?action=policy.changed&target=roundtrip")).EnsureOk().Json.GetProperty("rows").EnumerateArray()
            .Select(r => (Result: r.GetProperty("result").GetString(), Actor: r.GetProperty("actor").GetString()!, Details: r.GetProperty("details").ToString())).ToList();
        Assert.Equal(["accepted", "ok", "accepted", "ok", "accepted", "ok"], audit.Select(r => r.Result));
        Assert.All(audit, r => Assert.StartsWith("admin:", r.Actor, StringComparison.Ordinal));
        Assert.Contains("delete", audit[^1].Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "no valid JSON")]
    [InlineData("[1,2]", "it is a JSON array")]
    [InlineData("""{"policy_name":"p","trigger_type":"performance","threshold_value":1,"target_engine":"sqlite","colour":"red"}""", "'colour' is no field of a policy")]
    [InlineData("""{"trigger_type":"performance","threshold_value":1,"target_engine":"sqlite"}""", "'policy_name' is required")]
    [InlineData("""{"policy_name":"bad name!","trigger_type":"performance","threshold_value":1,"target_engine":"sqlite"}""", "'policy_name' must be 1 to 64 letters, digits, '_', '-' or '.'; it is 'bad name!'")]
    [InlineData("""{"policy_name":"p","trigger_type":"latency","threshold_value":1,"target_engine":"sqlite"}""", "'trigger_type' must be 'performance' or 'load_based'; it is 'latency'")]
    [InlineData("""{"policy_name":"p","trigger_type":"performance","threshold_value":"fast","target_engine":"sqlite"}""", "'threshold_value' must be a number; it is \"fast\"")]
    [InlineData("""{"policy_name":"p","trigger_type":"performance","threshold_value":-5,"target_engine":"sqlite"}""", "'threshold_value' (a p99 in milliseconds) must be above 0 and at most 3600000; it is -5")]
    [InlineData("""{"policy_name":"p","trigger_type":"performance","threshold_value":5,"target_engine":"nope"}""", "'target_engine' 'nope' is no configured engine; the engines are: sqlite")]
    [InlineData("""{"policy_name":"p","trigger_type":"performance","threshold_value":5,"target_engine":"sqlite","scale_down_threshold":1}""", "'scale_down_threshold' applies to load_based policies only")]
    [InlineData("""{"policy_name":"p","trigger_type":"load_based","threshold_value":10,"target_engine":"sqlite","scale_down_threshold":10}""", "'scale_down_threshold' must be at least 0 and below the threshold 10; it is 10")]
    [InlineData("""{"policy_name":"p","trigger_type":"performance","threshold_value":5,"target_engine":"sqlite","enabled":"yes"}""", "'enabled' must be true or false; it is \"yes\"")]
    [InlineData("""{"policy_name":"p","trigger_type":"performance","threshold_value":5,"target_engine":"sqlite","apps":["Bad App"]}""", "'apps'[0] 'Bad App' is no app name")]
    [InlineData("""{"policy_name":"p","trigger_type":"performance","threshold_value":5,"target_engine":"sqlite","window_seconds":0}""", "'window_seconds' must be between 1 and 3600; it is 0")]
    public async Task A_bad_body_is_a_400_naming_the_field_and_the_value(string body, string expected)
    {
        var admin = (await SiloAsync()).WithApiKey(AdminCredentials.AdminKey);

        var detail = (await admin.PostRawAsync(Path, body)).AssertProblem(HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains(expected, detail);
    }

    private static string Body(string name, string threshold = "500") =>
        $$"""{"policy_name":"{{name}}","trigger_type":"performance","threshold_value":{{threshold}},"target_engine":"sqlite","enabled":true}""";
}
