using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

public sealed class ClusterSettingsTests
{
    private readonly DynamicDbClusterOptionsValidator _validator = new();

    [Fact]
    public void No_cluster_settings_is_the_valid_embedded_default()
    {
        var options = new DynamicDbClusterOptions();

        Assert.False(options.UsesRedisClustering);
        Assert.False(options.UsesPostgres);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Redis_with_PostgreSQL_is_valid_and_PostgreSQL_alone_is_a_single_silo_with_shared_state()
    {
        Assert.True(_validator.Validate(null, new() { RedisConnectionString = "127.0.0.1:6379", PostgresConnectionString = "Host=127.0.0.1" }).Succeeded);
        Assert.True(_validator.Validate(null, new() { PostgresConnectionString = "Host=127.0.0.1" }).Succeeded);
    }

    [Fact]
    public void Redis_without_PostgreSQL_fails_naming_both_settings()
    {
        var result = _validator.Validate(null, new() { RedisConnectionString = "127.0.0.1:6379" });

        Assert.True(result.Failed);
        Assert.Contains("DynamicDb:Cluster:RedisConnectionString", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("DynamicDb:Cluster:PostgresConnectionString", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_given_Redis_without_PostgreSQL_stops_at_start_up_with_the_configuration_exit_code()
    {
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(data.Path, "--DynamicDb:Cluster:RedisConnectionString", "127.0.0.1:6379");

        var code = await silo.WaitForExitAsync(SiloProcess.StartTimeout);

        Assert.Equal(78, code);
        Assert.Contains("DynamicDb:Cluster:PostgresConnectionString", silo.Output, StringComparison.Ordinal);
    }
}
