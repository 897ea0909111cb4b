using Npgsql;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Catalog;

/// <summary>The catalog on PostgreSQL (shared by the silos of a cluster), each test in its own database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCatalogEpochTests(PostgresFixture postgres) : CatalogEpochContract
{
    private string? _connectionString;

    [Fact]
    public async Task Silos_starting_together_upgrade_an_old_catalog_once_without_failing()
    {
        using var first = await OldCatalogAsync();
        var catalogs = Enumerable.Range(0, 6).Select(_ => new AdoNetDatabaseCatalog("Npgsql", _connectionString!)).ToList();

        await Task.WhenAll(catalogs.Select(c => Task.Run(() => c.StartAsync())));

        Assert.NotNull(await catalogs[5].GetAsync("shop", "orders"));
        Assert.Equal(1, await catalogs[3].ClaimActivationAsync("shop", "orders", "act-1", "127.0.0.1:11111@1", DateTimeOffset.UnixEpoch));
        catalogs.ForEach(c => c.Dispose());
    }

    protected override async Task<AdoNetDatabaseCatalog> NewCatalogAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync("catalog");
        return new AdoNetDatabaseCatalog("Npgsql", _connectionString);
    }

    protected override async Task<AdoNetDatabaseCatalog> OldCatalogAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync("oldcatalog");
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await OldCatalogSchema.CreateAsync(connection);
        }

        return new AdoNetDatabaseCatalog("Npgsql", _connectionString);
    }

    protected override Task<AdoNetDatabaseCatalog> ReopenAsync(AdoNetDatabaseCatalog catalog) => Task.FromResult(new AdoNetDatabaseCatalog("Npgsql", _connectionString!));
}
