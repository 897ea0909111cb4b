using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Tests.Storage;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

[Collection(RedisCollection.Name)]
public sealed class ClusteringSiloBuilderExtensionsTests(RedisFixture redis)
{
    private static readonly SiloAddress Silo = new("127.0.0.1", 11111, 1_763_700_000_000);

    [Fact]
    public async Task UseRedisClustering_registers_a_table_and_a_directory_of_the_configured_cluster_on_one_server()
    {
        var prefix = $"b{Guid.NewGuid():N}"[..10];
        var builder = new TestSiloBuilder(new Dictionary<string, string?> { ["Orleans:Clustering:Redis:KeyPrefix"] = prefix });
        builder.Services.Configure<ClusterOptions>(o => o.ClusterId = "blue");
        builder.UseRedisClustering(options => options.ConnectionString = redis.Server.ConnectionString);
        await using var services = builder.Build();

        var table = services.GetRequiredService<IMembershipTable>();
        var directory = services.GetRequiredService<IGrainDirectory>();
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        Assert.True(await table.InsertRow(new MembershipEntry { SiloAddress = Silo, Status = SiloStatus.Active }, (await table.ReadAll()).Version.Next()));
        var address = new GrainAddress(new GrainId("counter", "1"), Silo, "a1");
        await directory.Register(address);

        Assert.IsType<RedisMembershipTable>(table);
        Assert.IsType<RedisGrainDirectory>(directory);
        Assert.Same(table, services.GetRequiredService<IMembershipTable>());
        Assert.Equal(ClusteringMode.Redis, services.GetRequiredService<IOptions<ClusterOptions>>().Value.Mode);
        var sameServer = new RedisClusteringOptions { ConnectionString = redis.Server.ConnectionString, KeyPrefix = prefix };
        await using var blueTable = new RedisMembershipTable(sameServer, "blue");
        await using var blueDirectory = new RedisGrainDirectory(sameServer, "blue");
        Assert.Single((await blueTable.ReadAll()).Members);
        Assert.Equal(address, await blueDirectory.Lookup(address.GrainId));
    }

    [Fact]
    public void Redis_options_are_bound_from_configuration_then_overridden_by_code()
    {
        var builder = new TestSiloBuilder(new Dictionary<string, string?>
        {
            ["Orleans:Clustering:Redis:ConnectionString"] = "127.0.0.1:6390",
            ["Orleans:Clustering:Redis:Database"] = "3",
        });
        builder.UseRedisClustering(options => options.KeyPrefix = "code");
        using var services = builder.Build();

        var options = services.GetRequiredService<IOptions<RedisClusteringOptions>>().Value;

        Assert.Equal("127.0.0.1:6390", options.ConnectionString);
        Assert.Equal(3, options.Database);
        Assert.Equal("code", options.KeyPrefix);
    }

    [Fact]
    public void Bad_Redis_options_stop_start_up_with_a_message_naming_the_setting()
    {
        var builder = new TestSiloBuilder();
        builder.UseRedisClustering();
        using var services = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("RedisClusteringOptions.ConnectionString (Orleans:Clustering:Redis:ConnectionString) is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_Redis_clustering_a_cluster_id_containing_a_colon_stops_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Cluster:ClusterId"] = "a:b",
            ["Orleans:Clustering:Redis:ConnectionString"] = "127.0.0.1:6379",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddOrleans(configuration, silo => silo.UseRedisClustering());
        using var services = collection.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Orleans:Cluster:ClusterId 'a:b' contains ':'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseAdoNetClustering_registers_a_SQL_table_and_directory_bound_from_configuration()
    {
        using var file = new SqliteTestFile();
        var builder = new TestSiloBuilder(new Dictionary<string, string?>
        {
            ["Orleans:Clustering:AdoNet:Invariant"] = AdoNetInvariants.InvariantNameSqlite,
            ["Orleans:Clustering:AdoNet:ConnectionString"] = file.ConnectionString,
        });
        builder.UseAdoNetClustering(options => options.TableName = "silos");
        await using var services = builder.Build();

        var table = services.GetRequiredService<IMembershipTable>();
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        await services.GetRequiredService<IGrainDirectory>().Register(new GrainAddress(new GrainId("counter", "1"), Silo, "a1"));

        Assert.IsType<AdoNetMembershipTable>(table);
        Assert.IsType<AdoNetGrainDirectory>(services.GetRequiredService<IGrainDirectory>());
        Assert.Equal(ClusteringMode.AdoNet, services.GetRequiredService<IOptions<ClusterOptions>>().Value.Mode);
        Assert.Equal("dev", await file.ScalarAsync("SELECT cluster_id FROM silos_versions"));
        Assert.Equal(1L, await file.ScalarAsync("SELECT COUNT(*) FROM dyndb_grain_directory"));
    }

    [Fact]
    public void Bad_AdoNet_options_stop_start_up_with_a_message_naming_the_setting()
    {
        var builder = new TestSiloBuilder();
        builder.UseAdoNetClustering(options => options.DirectoryTableName = "bad name");
        using var services = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("AdoNetClusteringOptions.ConnectionString is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("AdoNetClusteringOptions.DirectoryTableName 'bad name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseInMemoryClustering_shares_the_given_instances_and_takes_the_cluster_id_from_the_table()
    {
        var table = new InMemoryMembershipTable("green");
        var directory = new InMemoryGrainDirectory();
        var builder = new TestSiloBuilder();
        builder.UseInMemoryClustering(table, directory);
        using var services = builder.Build();

        Assert.Same(table, services.GetRequiredService<IMembershipTable>());
        Assert.Same(directory, services.GetRequiredService<IGrainDirectory>());
        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal("green", cluster.ClusterId);
        Assert.Equal(ClusteringMode.InMemory, cluster.Mode);
    }

    [Fact]
    public void The_last_clustering_chosen_replaces_the_earlier_one()
    {
        var builder = new TestSiloBuilder();
        builder.UseRedisClustering(options => options.ConnectionString = "127.0.0.1:6379");
        builder.UseInMemoryClustering(new InMemoryMembershipTable(), new InMemoryGrainDirectory());
        using var services = builder.Build();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(IMembershipTable));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IGrainDirectory));
        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(RedisConnection));
        Assert.IsType<InMemoryMembershipTable>(services.GetRequiredService<IMembershipTable>());
        Assert.Equal(ClusteringMode.InMemory, services.GetRequiredService<IOptions<ClusterOptions>>().Value.Mode);
    }
}
