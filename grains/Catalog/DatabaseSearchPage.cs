using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Catalog;

/// <summary>One page of <see cref="IDatabaseCatalogSearch.SearchAsync"/>.</summary>
/// <param name="Rows">The entries, ordered by app and name.</param>
/// <param name="Next">The <see cref="DatabaseSearch.After"/> of the next page; null when this page is the last.</param>
public sealed record DatabaseSearchPage(IReadOnlyList<DatabaseSearchRow> Rows, string? Next);

/// <summary>A catalog entry with its latest activation.</summary>
/// <param name="Info">The entry.</param>
/// <param name="WokeAt">When its latest activation started (its last wake); null when it never woke since the history was kept.</param>
/// <param name="Silo">The silo of its latest activation; null when it never woke.</param>
public sealed record DatabaseSearchRow(DatabaseInfo Info, DateTimeOffset? WokeAt, string? Silo);
