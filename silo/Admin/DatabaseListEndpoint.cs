using System.Globalization;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// <c>GET /v1/admin/databases?search=&amp;after=&amp;limit=&amp;status=</c>: the databases of every app from the catalog, one
/// query per page (<see cref="IDatabaseCatalogSearch"/>), never waking a database. <c>search</c>: text the key
/// <c>app/database</c> contains (any case, at most 200 characters); <c>after</c>: the <c>next</c> of an earlier answer;
/// <c>limit</c>: 1–500 (default 50); <c>status</c>: <c>active</c>, <c>hibernated</c> or <c>dropped</c> (default: all but dropped).
/// </summary>
internal static class DatabaseListEndpoint
{
    private const int MaxTextLength = 200;
    private static readonly string[] Statuses = [DatabaseStatus.Active, DatabaseStatus.Hibernated, DatabaseStatus.Dropped];

    public static async Task<IResult> ListAsync(HttpContext http, IDatabaseCatalog catalog)
    {
        var search = Read(http.Request);
        var searchable = catalog as IDatabaseCatalogSearch
            ?? throw new DynamicDbException(ErrorCodes.EngineUnavailable, "The configured database catalog cannot be searched.");
        var page = await searchable.SearchAsync(search, http.RequestAborted).ConfigureAwait(false);
        return GatewayJson.Json(new DatabaseListResponse([.. page.Rows.Select(DatabaseListRow.Of)], page.Next));
    }

    internal static DatabaseSearch Read(HttpRequest request)
    {
        var text = Single(request, "search");
        if (text is { Length: > MaxTextLength })
        {
            throw JsonFields.Invalid($"The query parameter 'search' must be at most {MaxTextLength} characters long; it is {text.Length}.");
        }

        var after = Single(request, "after");
        if (after is { Length: > 2 * MaxTextLength })
        {
            throw JsonFields.Invalid($"The query parameter 'after' must be the 'next' of an earlier answer ('app/database'); it is {after.Length} characters long.");
        }

        var limitText = Single(request, "limit");
        var limit = DatabaseSearch.DefaultLimit;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > DatabaseSearch.MaxLimit))
        {
            throw JsonFields.Invalid($"The query parameter 'limit' must be a whole number from 1 to {DatabaseSearch.MaxLimit} (default {DatabaseSearch.DefaultLimit}); it is '{Shown(limitText)}'.");
        }

        var status = Single(request, "status");
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            throw JsonFields.Invalid($"The query parameter 'status' must be one of {string.Join(", ", Statuses)}; it is '{Shown(status)}'.");
        }

        return new DatabaseSearch(string.IsNullOrWhiteSpace(text) ? null : text.Trim(), string.IsNullOrEmpty(after) ? null : after, limit, status);
    }

    private static string? Single(HttpRequest request, string parameter)
    {
        QueryText.Check(request, parameter);
        var values = request.Query[parameter];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw JsonFields.Invalid($"The query parameter '{parameter}' is given {values.Count} times; give it once."),
        };
    }

    private static string Shown(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
