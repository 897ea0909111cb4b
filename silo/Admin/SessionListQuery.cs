using System.Globalization;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Silo.Gateway.Requests;
using Orleans.DynamicDb.Silo.Sessions;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The query of <c>GET /v1/admin/sessions</c>: filters <c>app</c>, <c>database</c>, <c>protocol</c>, <c>state</c>, <c>tier</c>; paging <c>after</c>, <c>limit</c>.</summary>
internal sealed record SessionListQuery(SessionFilter Filter, string? After, int Limit)
{
    /// <summary>The number of sessions answered when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest accepted <c>limit</c>.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Reads the query of <paramref name="request"/>.</summary>
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming the parameter and its value.</exception>
    public static SessionListQuery Read(HttpRequest request)
    {
        var protocol = OneOf(request, "protocol", SessionProtocols.All);
        var state = OneOf(request, "state", SessionStates.All);
        var app = Name(request, "app");
        var database = Name(request, "database");
        var tierText = Single(request, "tier");
        Tiers.Tier? tier = null;
        if (tierText is not null)
        {
            tier = Tiers.TierRule.TryParseTier(tierText, out var parsed)
                ? parsed
                : throw JsonFields.Invalid($"The query parameter 'tier' must be one of High, Medium, Low, Background; it is '{Shown(tierText)}'.");
        }

        var after = Single(request, "after");
        if (after is not null && !SessionIds.IsValid(after))
        {
            throw JsonFields.Invalid($"The query parameter 'after' must be a session id (1 to {SessionIds.MaxLength} letters, digits, '-', '_', '.'); it is '{Shown(after)}'.");
        }

        var limitText = Single(request, "limit");
        var limit = DefaultLimit;
        if (limitText is not null
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            throw JsonFields.Invalid($"The query parameter 'limit' must be a whole number from 1 to {MaxLimit} (default {DefaultLimit}); it is '{Shown(limitText)}'.");
        }

        return new SessionListQuery(new SessionFilter(app, database, protocol, state, tier), after, limit);
    }

    private static string? OneOf(HttpRequest request, string parameter, IReadOnlyList<string> allowed)
    {
        var value = Single(request, parameter);
        return value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw JsonFields.Invalid($"The query parameter '{parameter}' must be one of {string.Join(", ", allowed)}; it is '{Shown(value)}'.");
    }

    private static string? Name(HttpRequest request, string parameter)
    {
        var value = Single(request, parameter);
        return value is null || SessionIds.IsValid(value)
            ? value
            : throw JsonFields.Invalid($"The query parameter '{parameter}' must be a name of 1 to {SessionIds.MaxLength} letters, digits, '-', '_', '.'; it is '{Shown(value)}'.");
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

    private static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
