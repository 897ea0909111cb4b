using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>The switch history in a PostgreSQL catalog, each test in its own database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSwitchLogTests(PostgresFixture postgres) : SwitchLogContract
{
    protected override async Task<AdoNetDatabaseCatalog> NewCatalogAsync() =>
        new("Npgsql", await postgres.Server.CreateDatabaseAsync("switchlog"));
}
