using System.Data.Common;
using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Catalog;

/// <summary>The catalog search on a SQLite file (the embedded default).</summary>
public sealed class SqliteCatalogSearchTests : CatalogSearchContract, IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    protected override async Task<(AdoNetDatabaseCatalog Catalog, Func<DbConnection> Open)> NewCatalogAsync()
    {
        var file = Path.Combine(_root.Path, "catalog.db");
        var catalog = new AdoNetDatabaseCatalog("Microsoft.Data.Sqlite", $"Data Source={file}");
        await catalog.StartAsync();
        return (catalog, () => new SqliteConnection($"Data Source={file}"));
    }
}
