using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Engines;
using Orleans.Concurrency;

namespace Orleans.DynamicDb.Databases;

/// <summary>An application's view of the catalog store. Holds nothing of its own, so any number of reads interleave.</summary>
[Reentrant]
[CollectionAgeLimit(Minutes = 5)]
internal sealed class AppCatalogGrain(IDatabaseCatalog catalog) : Grain, IAppCatalogGrain
{
    private string App => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DatabaseName.ValidateApp(App);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DatabaseInfo>> ListAsync(CancellationToken cancellationToken) => catalog.ListAsync(App, cancellationToken);

    public Task<DatabaseInfo?> GetAsync(string database, CancellationToken cancellationToken)
    {
        var name = DatabaseName.Create(App, database);
        return catalog.GetAsync(name.App, name.Database, cancellationToken);
    }
}
