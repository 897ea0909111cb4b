using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Providers.Tests.Infrastructure;

/// <summary>Tests that share one real PostgreSQL server, started once for the test run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
