using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class SharedPoolOptionsTests
{
    private static EngineOptions Postgres(string kind = EngineKinds.Postgres) =>
        new() { Id = "pg", Kind = kind, ConnectionString = "Host=127.0.0.1;Username=postgres" };

    [Fact]
    public void The_shared_pool_is_on_with_four_connections_by_default()
    {
        var options = Postgres();

        Assert.True(options.SharedPool);
        Assert.Equal(4, options.SharedPoolSize);
        Assert.Empty(EngineOptionsValidator.Validate([options]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(101)]
    public void A_shared_pool_size_outside_1_to_100_names_the_key_and_the_value(int size)
    {
        var options = Postgres();
        options.SharedPoolSize = size;

        var failure = Assert.Single(EngineOptionsValidator.Validate([options]));

        Assert.Equal($"DynamicDb:Engines:0:SharedPoolSize: must be between 1 and 100, not {size}.", failure);
    }

    [Fact]
    public void A_registered_replication_group_validates_the_shared_pool_size_too()
    {
        var options = new EngineOptions
        {
            Id = "ha",
            Kind = EngineKinds.PostgresHa,
            SharedPoolSize = 0,
            Members =
            [
                new() { Name = "a", ConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres" },
                new() { Name = "b", ConnectionString = "Host=127.0.0.1;Port=5433;Username=postgres" },
            ],
        };

        Assert.Contains("DynamicDb:Engines:0:SharedPoolSize: must be between 1 and 100, not 0.", EngineOptionsValidator.Validate([options]));
    }
}
