using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Hosting;

/// <summary>A silo configured for a cluster whose Redis does not answer never starts as a lone silo.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DeadRedisTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_silo_pointed_at_a_Redis_that_does_not_answer_stops_at_start_up_naming_the_setting()
    {
        using var data = new TempDirectory();
        var state = await postgres.Server.CreateDatabaseAsync("deadredis");
        var deadRedis = $"127.0.0.1:{FreePort.Next()}";
        await using var silo = SiloProcess.Start(
            data.Path,
            "--DynamicDb:Cluster:RedisConnectionString", deadRedis,
            "--DynamicDb:Cluster:PostgresConnectionString", state);

        var code = await silo.WaitForExitAsync(SiloProcess.StartTimeout);

        Assert.Equal(SiloHost.ExitCodeFailed, code);
        Assert.Contains("the cluster's Redis (DynamicDb:Cluster:RedisConnectionString) cannot be reached", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Silo host ready", silo.Output, StringComparison.Ordinal);
    }
}
