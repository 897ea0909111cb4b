using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Catalog;

/// <summary>The catalog on a SQLite file (the embedded default).</summary>
public sealed class SqliteCatalogEpochTests : CatalogEpochContract, IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    protected override Task<AdoNetDatabaseCatalog> NewCatalogAsync() => Task.FromResult(Open(Path.Combine(_root.Path, "new", "catalog.db")));

    protected override async Task<AdoNetDatabaseCatalog> OldCatalogAsync()
    {
        var file = Path.Combine(_root.Path, "old-catalog.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await OldCatalogSchema.CreateAsync(connection);
        }

        return Open(file);
    }

    protected override Task<AdoNetDatabaseCatalog> ReopenAsync(AdoNetDatabaseCatalog catalog) => Task.FromResult(Open(Path.Combine(_root.Path, "old-catalog.db")));

    private static AdoNetDatabaseCatalog Open(string file) => new("Microsoft.Data.Sqlite", $"Data Source={file}");
}
