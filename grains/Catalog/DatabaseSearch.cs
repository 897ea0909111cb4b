namespace Orleans.DynamicDb.Catalog;

/// <summary>A page request of <see cref="IDatabaseCatalogSearch.SearchAsync"/>.</summary>
/// <param name="Text">Case-insensitive text the key <c>{app}/{database}</c> must contain; null or empty matches every entry.</param>
/// <param name="After">The key <c>{app}/{database}</c> after which the page starts (the previous page's <see cref="DatabaseSearchPage.Next"/>); null for the first page.</param>
/// <param name="Limit">The most entries answered, 1 to <see cref="MaxLimit"/>.</param>
/// <param name="Status">Only entries in this status when given; dropped entries are answered only when asked for by status.</param>
public sealed record DatabaseSearch(string? Text, string? After, int Limit, string? Status = null)
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 500;
}
