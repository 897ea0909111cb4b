using System.Globalization;
using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The query of <c>GET /v1/engines/events</c>: <c>since</c> (an <see cref="EventCursor"/>) and <c>limit</c>.</summary>
internal sealed record EventsQuery(EventCursor Since, int Limit)
{
    /// <summary>The number of events answered when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest accepted <c>limit</c>.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Reads the query of <paramref name="request"/>.</summary>
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming the parameter and its value.</exception>
    public static EventsQuery Read(HttpRequest request)
    {
        var since = EventCursor.Parse(Single(request, "since"));
        var limitText = Single(request, "limit");
        var limit = DefaultLimit;
        if (limitText is not null
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            var shown = limitText.Length <= 20 ? limitText : limitText[..20] + "...";
            throw JsonFields.Invalid($"The query parameter 'limit' must be a whole number from 1 to {MaxLimit} (default {DefaultLimit}); it is '{shown}'.");
        }

        return new EventsQuery(since, limit);
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
}
