using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Engines;

/// <summary>
/// <c>engines failover</c> and <c>engines add</c> against a silo whose default engine is a real <c>postgres-ha</c>
/// group (a primary and one synchronous standby, PostgreSQL 15).
/// </summary>
public sealed class HaEnginesCommandsTests
{
    [Fact]
    public async Task A_planned_failover_and_an_added_member_show_in_the_engine_list()
    {
        var bin = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;
        Assert.True(File.Exists(Path.Combine(bin, "pg_basebackup")), $"PostgreSQL binaries not found at '{bin}': install postgresql-15.");
        using var data = new TempDirectory();
        var appKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var start = 33000 + Random.Shared.Next(0, 90) * 10;
        await using var silo = SiloProcess.Start(
            data.Path,
            "--Logging:LogLevel:Default", "Warning",
            "--DynamicDb:Auth:ApiKeys:0:App", "cliapp",
            "--DynamicDb:Auth:ApiKeys:0:Key", appKey,
            "--DynamicDb:Auth:AdminKeys:0:Key", adminKey,
            "--DynamicDb:Engines:0:Id", "pg-ha",
            "--DynamicDb:Engines:0:Kind", "postgres-ha",
            "--DynamicDb:Engines:0:Replicas", "1",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:DataDirectory", data.Combine("pg-ha"),
            "--DynamicDb:Engines:0:BinDirectory", bin,
            "--DynamicDb:Engines:0:PortRangeStart", start.ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:Engines:0:PortRangeEnd", (start + 400).ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:Engines:0:Health:HealthCheckInterval", "00:00:01",
            "--DynamicDb:Engines:0:AutoFallbackInterval", "00:00:00");
        var pids = new HashSet<int>();
        try
        {
            await silo.WaitUntilReadyAsync();
            await RunAsync(silo, appKey, adminKey, pids);
        }
        finally
        {
            // A graceful stop stops the group's servers; any the silo left behind are killed by their pid.
            await silo.SignalAsync("TERM");
            await silo.WaitForExitAsync();
            foreach (var pid in pids)
            {
                KillIfRunning(pid);
            }
        }
    }

    private static async Task RunAsync(SiloProcess silo, string appKey, string adminKey, HashSet<int> pids)
    {
        using var cli = new CliRunner()
            .WithVariable("DYNDB_URL", silo.Address.ToString())
            .WithVariable("DYNDB_KEY", appKey)
            .WithVariable("DYNDB_ADMIN_KEY", adminKey);
        var db = Names.Database();
        Assert.Equal(0, (await cli.RunAsync("databases", "exec", db, "CREATE TABLE t (x INTEGER)")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("databases", "exec", db, "INSERT INTO t VALUES (1)")).ExitCode);

        // The standby must stream synchronously before a planned switchover can choose it.
        await Eventually.True(
            async () => (await EnginesAsync(cli)).TryGetValue("pg-ha.m1", out var m1) && m1.GetProperty("state").GetString() == "Healthy",
            "pg-ha.m1 is a healthy standby",
            TimeSpan.FromSeconds(60));
        var failover = await cli.RunAsync("engines", "failover", "pg-ha", "--target", "m1");
        var add = await cli.RunAsync("engines", "add", "pg-ha", "--weight", "2");
        var engines = await EnginesAsync(cli);
        pids.UnionWith(engines.Values.Where(e => e.GetProperty("pid").ValueKind == JsonValueKind.Number).Select(e => e.GetProperty("pid").GetInt32()));
        var list = await cli.RunAsync("engines", "list");
        var query = await cli.RunAsync("databases", "query", db, "SELECT x FROM t");

        Assert.True(failover.ExitCode == 0, $"{failover}\n{silo.Output}");
        Assert.Contains("Failed over: epoch", failover.Stdout);
        Assert.True(add.ExitCode == 0, $"{add}\n{silo.Output}");
        Assert.Contains("Added pg-ha.m2", add.Stdout);
        Assert.Equal("primary", engines["pg-ha.m1"].GetProperty("role").GetString());
        Assert.Equal("fenced", engines["pg-ha.m0"].GetProperty("role").GetString());
        Assert.Equal(2, engines["pg-ha.m2"].GetProperty("weight").GetDouble());
        Assert.Contains("│ pg-ha.m2 │ postgres-ha │ standby", list.Stdout);
        Assert.True(query.ExitCode == 0, query.ToString());
        Assert.Contains("(1 row)", query.Stdout);
    }

    private static void KillIfRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            if (process.ProcessName is "postgres" or "postmaster")
            {
                process.Kill();
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static async Task<Dictionary<string, JsonElement>> EnginesAsync(CliRunner cli)
    {
        var list = await cli.RunAsync("engines", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        return JsonDocument.Parse(list.Stdout).RootElement.GetProperty("engines").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
    }
}
