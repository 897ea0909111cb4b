namespace Orleans.DynamicDb.Catalog;

/// <summary>
/// Pages through the catalog for operators (the dashboard's database list, <c>GET /v1/admin/databases</c>): one SQL query
/// per page, walked along the table's primary key (app, database) and never waking a database.
/// </summary>
public interface IDatabaseCatalogSearch
{
    /// <summary>The entries after <see cref="DatabaseSearch.After"/> that match <paramref name="search"/>, ordered by app and name.</summary>
    Task<DatabaseSearchPage> SearchAsync(DatabaseSearch search, CancellationToken cancellationToken = default);
}
