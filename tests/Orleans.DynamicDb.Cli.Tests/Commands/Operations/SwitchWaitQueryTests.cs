using System.Net;
using System.Text;
using System.Text.Json;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

/// <summary>The silo side of <c>dyndb switch</c>: <c>POST …/switch?wait=false</c> answers the running switch at once.</summary>
[Collection(OpsSiloCollection.Name)]
public sealed class SwitchWaitQueryTests(OpsSiloFixture silo)
{
    [Fact]
    public async Task Wait_false_answers_the_running_switch_and_a_bad_wait_is_a_problem_naming_it()
    {
        using var cli = silo.Runner();
        var db = await SeededDatabaseAsync(cli, 10, "wait");
        using var http = new HttpClient { BaseAddress = new Uri(silo.Url + "/") };
        http.DefaultRequestHeaders.Add("X-API-Key", silo.AdminKey);

        using var bad = await http.PostAsync($"v1/admin/databases/opsapp/{db}/switch?wait=maybe", Body());
        using var started = await http.PostAsync($"v1/admin/databases/opsapp/{db}/switch?wait=false", Body());

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("The query parameter 'wait' must be true or false; it is 'maybe'.", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var answer = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("running", answer.GetProperty("state").GetString());
        Assert.Matches("^sw_[0-9a-f]{32}$", answer.GetProperty("id").GetString());
    }

    private static StringContent Body() => new("""{"target_engine":"second"}""", Encoding.UTF8, "application/json");
}
