using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>A <c>postgres-ha</c> engine that cannot run, or is badly set, stops the silo at start-up with a message naming why.</summary>
public sealed class HaEngineStartupTests
{
    [Fact]
    public async Task A_postgres_ha_engine_in_a_cluster_of_silos_with_a_bad_HaCluster_setting_stops_the_start_with_exit_78_naming_it()
    {
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(data.Path,
            "--DynamicDb:Cluster:RedisConnectionString", $"127.0.0.1:{FreePort.Next()}",
            "--DynamicDb:Cluster:PostgresConnectionString", $"Host=127.0.0.1;Port={FreePort.Next()};Username=dyndb;Database=dyndb",
            "--DynamicDb:Engines:0:Id", "pg-ha",
            "--DynamicDb:Engines:0:Kind", "postgres-ha",
            "--DynamicDb:Engines:0:DataDirectory", data.Combine("pg-ha"),
            "--DynamicDb:HaCluster:AllowedNetworks:0", "10.0.0.0/33",
            "--DynamicDb:HaCluster:ListenAddress", "");

        Assert.Equal(SiloHost.ExitCodeConfigurationError, await silo.WaitForExitAsync());
        Assert.Contains("DynamicDb:HaCluster:AllowedNetworks:0: '10.0.0.0/33' is not a network in CIDR form", silo.StandardError);
        Assert.Contains("DynamicDb:HaCluster:ListenAddress: '' is not one address or host name", silo.StandardError);
        Assert.False(Directory.Exists(data.Combine("pg-ha")), "no member was created");
    }

    [Fact]
    public async Task A_replication_group_that_cannot_start_fails_the_silo_start_naming_the_engine_and_the_cause()
    {
        using var data = new TempDirectory();
        var blocked = data.Combine("pg-ha");
        await File.WriteAllTextAsync(blocked, "a file where the group's folder should be");
        await using var silo = SiloProcess.Start(data.Path,
            "--DynamicDb:Engines:0:Id", "pg-ha",
            "--DynamicDb:Engines:0:Kind", "postgres-ha",
            "--DynamicDb:Engines:0:DataDirectory", blocked);

        Assert.Equal(SiloHost.ExitCodeFailed, await silo.WaitForExitAsync());
        Assert.Contains($"Engine 'pg-ha' (kind postgres-ha, DynamicDb:Engines entry with DataDirectory '{blocked}'): its replication group in '{blocked}' cannot start:", silo.StandardError);
    }
}
