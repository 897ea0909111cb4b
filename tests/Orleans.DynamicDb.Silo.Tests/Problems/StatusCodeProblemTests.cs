using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Problems;

/// <summary>The routing's own 404 and 405 answers carry a problem body that names the path, the method and what is allowed.</summary>
public sealed class StatusCodeProblemTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => []);

    [Fact]
    public async Task An_unknown_path_is_a_404_problem_naming_the_method_and_the_path()
    {
        var silo = await SiloAsync();

        var answer = await silo.WithApiKey(null).GetAsync("/v1/databse/list");

        var detail = answer.AssertProblem(HttpStatusCode.NotFound, "request.not_found");
        Assert.Contains("GET /v1/databse/list", detail);
        Assert.Equal("/v1/databse/list", answer.Json.GetProperty("instance").GetString());
        Assert.False(answer.Json.GetProperty("transient").GetBoolean());
    }

    [Fact]
    public async Task A_known_path_with_the_wrong_method_is_a_405_problem_naming_the_allowed_methods()
    {
        var silo = await SiloAsync();

        var get = await silo.Alpha.GetAsync("exec");
        var post = await silo.Alpha.PostRawAsync("list", "{}");

        var getDetail = get.AssertProblem(HttpStatusCode.MethodNotAllowed, "request.method_not_allowed");
        Assert.Contains("/v1/database/exec does not accept GET; it accepts POST", getDetail);
        var postDetail = post.AssertProblem(HttpStatusCode.MethodNotAllowed, "request.method_not_allowed");
        Assert.Contains("/v1/database/list does not accept POST; it accepts GET", postDetail);
    }

    [Fact]
    public async Task A_missing_database_keeps_its_own_404_problem_and_a_missing_credential_its_401()
    {
        var silo = await SiloAsync();

        var missing = await silo.Alpha.GetAsync("status?database=never_created");
        var anonymous = await silo.WithApiKey(null).GetAsync("list");

        Assert.Contains("never_created", missing.AssertProblem(HttpStatusCode.NotFound, "database.not_found"));
        anonymous.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
    }
}
