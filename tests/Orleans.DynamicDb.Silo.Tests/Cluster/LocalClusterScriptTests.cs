using System.Net.Http.Json;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// deploy/local-cluster.sh as deploy/README.md uses it: start, status on stdout, the failover demo that kills the silo
/// <c>host</c> names, start again to bring it back, stop.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LocalClusterScriptTests
{
    [Fact]
    public async Task The_readme_failover_demo_kills_the_host_the_script_names_and_the_data_stays_reachable()
    {
        await using var script = new LocalClusterScript();
        var start = await script.RunAsync("start");
        Assert.True(start.Code == 0, $"start failed ({start.Code}): {start.Out}\n{start.Error}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-API-Key", script.Read("api-key"));
        var silos = Enumerable.Range(1, 3).Select(i => new Uri(script.Read($"silo-{i}", "url"))).ToList();

        var status = await script.RunAsync("status");
        Assert.Equal(0, status.Code);
        Assert.Equal("", status.Error);
        Assert.Contains("silo 3: running, ready", status.Out, StringComparison.Ordinal);

        await ExecAsync(http, silos[0], "CREATE TABLE t (v text)");
        await ExecAsync(http, silos[0], "INSERT INTO t VALUES ('hello')");
        var named = await script.RunAsync("host", "orders");
        Assert.True(named.Code == 0, $"'host orders' exited with {named.Code}: {named.Out} {named.Error}");
        var host = int.Parse(named.Out, System.Globalization.CultureInfo.InvariantCulture);
        await ProcessRunner.RunAsync("kill", ["-KILL", script.Read($"silo-{host}", "silo.pid")], TimeSpan.FromSeconds(10));
        var other = silos[host % 3];
        string? rows = null;
        await Eventually.True(
            async () =>
            {
                using var response = await http.PostAsJsonAsync(new Uri(other, "/v1/database/query"), new { database = "orders", sql = "SELECT v FROM t" });
                rows = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode;
            },
            $"a query through {other} after silo {host} was killed (last answer: {rows})",
            TimeSpan.FromMinutes(1));
        var newHost = await script.RunAsync("host", "orders");
        var restart = await script.RunAsync("start");
        var healed = await script.RunAsync("status");

        Assert.Contains("\"hello\"", rows, StringComparison.Ordinal);
        Assert.NotEqual(host.ToString(System.Globalization.CultureInfo.InvariantCulture), newHost.Out.Trim());
        Assert.True(restart.Code == 0, $"start after the kill failed: {restart.Error}");
        Assert.Contains($"silo {host}: ready", restart.Error, StringComparison.Ordinal);
        Assert.Equal(0, healed.Code);
    }

    private static async Task ExecAsync(HttpClient http, Uri silo, string sql)
    {
        using var response = await http.PostAsJsonAsync(new Uri(silo, "/v1/database/exec"), new { database = "orders", sql });
        Assert.True(response.IsSuccessStatusCode, $"{sql}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
