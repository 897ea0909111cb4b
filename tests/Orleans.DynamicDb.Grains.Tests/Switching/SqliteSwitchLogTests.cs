using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>The switch history in a SQLite catalog.</summary>
public sealed class SqliteSwitchLogTests : SwitchLogContract, IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    protected override Task<AdoNetDatabaseCatalog> NewCatalogAsync() =>
        Task.FromResult(new AdoNetDatabaseCatalog("Microsoft.Data.Sqlite", $"Data Source={Path.Combine(_root.Path, Guid.NewGuid().ToString("N"), "catalog.db")};Pooling=False"));
}
