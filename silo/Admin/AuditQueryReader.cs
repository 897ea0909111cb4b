using System.Globalization;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The query of <c>GET /v1/admin/audit</c>: <c>since</c> (the sequence number after which rows are answered: 0, the
/// default, or an earlier answer's <c>next</c>), <c>limit</c> (1–1000, default 100) and the optional filters
/// <c>action</c>, <c>actor</c> and <c>target</c>.
/// </summary>
internal static class AuditQueryReader
{
    /// <summary>The longest filter value accepted.</summary>
    private const int MaxFilterLength = 200;

    /// <summary>Reads the query of <paramref name="request"/>.</summary>
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming the parameter and its value.</exception>
    public static AuditQuery Read(HttpRequest request)
    {
        var sinceText = Single(request, "since");
        long since = 0;
        if (sinceText is not null && (!long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since) || since < 0))
        {
            throw JsonFields.Invalid($"The query parameter 'since' must be a sequence number of the audit log (a whole number, 0 for the start, or the 'next' of an earlier answer); it is '{Shown(sinceText)}'.");
        }

        var limitText = Single(request, "limit");
        var limit = AuditQuery.DefaultLimit;
        if (limitText is not null
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditQuery.MaxLimit))
        {
            throw JsonFields.Invalid($"The query parameter 'limit' must be a whole number from 1 to {AuditQuery.MaxLimit} (default {AuditQuery.DefaultLimit}); it is '{Shown(limitText)}'.");
        }

        return new AuditQuery(since, limit, Filter(request, "action"), Filter(request, "actor"), Filter(request, "target"));
    }

    private static string? Filter(HttpRequest request, string parameter)
    {
        var value = Single(request, parameter);
        if (value is not null && (value.Length == 0 || value.Length > MaxFilterLength))
        {
            throw JsonFields.Invalid($"The query parameter '{parameter}' must be 1 to {MaxFilterLength} characters long when given; it is {value.Length}.");
        }

        return value;
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
