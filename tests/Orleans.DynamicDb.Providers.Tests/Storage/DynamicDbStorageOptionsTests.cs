using Microsoft.Extensions.Configuration;
using Orleans.DynamicDb.Providers.Storage;
using Orleans.DynamicDb.Providers.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Providers.Tests.Storage;

/// <summary>Bad settings stop the silo with a message naming the setting.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DynamicDbStorageOptionsTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("Postgres", null, null, "DynamicDb:OrleansStorage:PostgresConnectionString is required")]
    [InlineData("Postgres", "Host=127.0.0.1;Nonsense=1", null, "DynamicDb:OrleansStorage:PostgresConnectionString is not a valid Npgsql connection string")]
    [InlineData("Postgres", "Host=127.0.0.1", null, "DynamicDb:OrleansStorage:PostgresConnectionString has no Database")]
    [InlineData("Sqlite", null, ":memory:", "DynamicDb:OrleansStorage:SqlitePath ':memory:' is an in-memory database")]
    [InlineData("Sqlite", null, " ", "DynamicDb:OrleansStorage:SqlitePath must name a file")]
    public void Bad_settings_fail_validation_with_the_setting_named(string engine, string? connectionString, string? sqlitePath, string expected)
    {
        var options = new DynamicDbStorageOptions
        {
            Engine = Enum.Parse<DynamicDbStorageEngine>(engine),
            PostgresConnectionString = connectionString,
        };
        if (sqlitePath is not null)
        {
            options.SqlitePath = sqlitePath;
        }

        var result = new DynamicDbStorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_install_timeout_fails_validation_with_the_setting_named()
    {
        var result = new DynamicDbStorageOptionsValidator().Validate(null, new DynamicDbStorageOptions { InstallTimeout = TimeSpan.Zero });

        Assert.Contains("DynamicDb:OrleansStorage:InstallTimeout must be positive", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_the_SQLite_file_fails_validation()
    {
        var result = new DynamicDbStorageOptionsValidator().Validate(null, new DynamicDbStorageOptions { SqlitePath = Path.GetTempPath() });

        Assert.Contains("DynamicDb:OrleansStorage:SqlitePath", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_configured_for_PostgreSQL_without_a_connection_string_does_not_start_and_names_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestClusters.StartAsync(
            TestClusters.NewServiceId(),
            options => options.Engine = DynamicDbStorageEngine.Postgres));

        Assert.Contains("DynamicDb:OrleansStorage:PostgresConnectionString is required", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_bound_from_configuration_are_used_by_the_silo()
    {
        await using var target = await StorageTarget.PostgresAsync(postgres);
        var serviceId = TestClusters.NewServiceId();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicDb:OrleansStorage:Engine"] = "Postgres",
            ["DynamicDb:OrleansStorage:PostgresConnectionString"] = target.PostgresConnectionString,
        }));
        builder.ConfigureSilo((_, silo) => silo.UseDynamicDbAdoNetStorage());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        await cluster.Client.GetGrain<ICounterGrain>("configured").IncrementAsync();

        Assert.Equal(1, await target.CountAsync($"SELECT COUNT(*) FROM OrleansStorage WHERE ServiceId = '{serviceId}'"));
    }

    [Fact]
    public async Task A_silo_does_not_start_when_a_query_row_is_missing()
    {
        await using var target = StorageTarget.Sqlite();
        var serviceId = TestClusters.NewServiceId();
        await (await TestClusters.StartAsync(serviceId, target.Configure)).DisposeAsync();
        await target.ExecuteAsync("DELETE FROM OrleansQuery WHERE QueryKey = 'ReadRangeRows2Key'");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestClusters.StartAsync(serviceId, target.Configure));

        Assert.Contains("lacks ReadRangeRows2Key", error.ToString(), StringComparison.Ordinal);
    }
}
