using System.Data.Common;
using Npgsql;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Catalog;

/// <summary>The catalog search on PostgreSQL, each test in its own database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCatalogSearchTests(PostgresFixture postgres) : CatalogSearchContract
{
    protected override async Task<(AdoNetDatabaseCatalog Catalog, Func<DbConnection> Open)> NewCatalogAsync()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync("search");
        var catalog = new AdoNetDatabaseCatalog("Npgsql", connectionString);
        await catalog.StartAsync();
        return (catalog, () => new NpgsqlConnection(connectionString));
    }
}
