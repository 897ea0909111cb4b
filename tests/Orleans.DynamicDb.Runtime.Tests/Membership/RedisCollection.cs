using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

/// <summary>Tests that share one real Redis server, started once for the test run (membership and grain directory tests).</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "Redis";
}
