using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

public sealed class RedisClusteringOptionsTests
{
    [Fact]
    public void The_defaults_are_database_0_and_the_dyndb_key_prefix_with_no_server()
    {
        var options = new RedisClusteringOptions();

        Assert.Equal(0, options.Database);
        Assert.Equal("dyndb", options.KeyPrefix);
        Assert.Equal(string.Empty, options.ConnectionString);
        Assert.Equal("Orleans:Clustering:Redis", RedisClusteringOptions.SectionName);
    }

    [Fact]
    public void A_plain_host_and_port_is_valid()
    {
        Assert.Empty(new RedisClusteringOptions { ConnectionString = "127.0.0.1:6379" }.Validate());
    }

    [Fact]
    public void An_empty_connection_string_is_refused_with_a_message_naming_the_setting_and_its_section()
    {
        var failure = Assert.Single(new RedisClusteringOptions().Validate());

        Assert.StartsWith("RedisClusteringOptions.ConnectionString (Orleans:Clustering:Redis:ConnectionString) is empty", failure, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:6379", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_without_a_server_is_refused()
    {
        var failure = Assert.Single(new RedisClusteringOptions { ConnectionString = "abortConnect=false" }.Validate());

        Assert.Contains("RedisClusteringOptions.ConnectionString", failure, StringComparison.Ordinal);
        Assert.Contains("names no server", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_with_an_unknown_option_is_refused()
    {
        var failure = Assert.Single(new RedisClusteringOptions { ConnectionString = "127.0.0.1:6379,noSuchOption=1" }.Validate());

        Assert.Contains("is not a valid StackExchange.Redis configuration string", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_database_and_a_key_prefix_with_a_colon_are_refused_together()
    {
        var failures = new RedisClusteringOptions { ConnectionString = "127.0.0.1:6379", Database = -1, KeyPrefix = "a:b" }.Validate();

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("RedisClusteringOptions.Database (Orleans:Clustering:Redis:Database) must be 0 or more", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("RedisClusteringOptions.KeyPrefix (Orleans:Clustering:Redis:KeyPrefix) 'a:b' is not a valid key prefix", StringComparison.Ordinal));
    }

    [Fact]
    public void The_Redis_table_and_directory_refuse_bad_options_when_they_are_made()
    {
        var table = Assert.Throws<ArgumentException>(() => new RedisMembershipTable(new RedisClusteringOptions(), "dev"));
        var directory = Assert.Throws<ArgumentException>(() => new RedisGrainDirectory(new RedisClusteringOptions { ConnectionString = "127.0.0.1:1", KeyPrefix = "" }, "dev"));

        Assert.Contains("RedisClusteringOptions.ConnectionString", table.Message, StringComparison.Ordinal);
        Assert.Contains("RedisClusteringOptions.KeyPrefix", directory.Message, StringComparison.Ordinal);
    }
}
