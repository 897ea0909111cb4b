using System.Text;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>
/// A libpq keyword/value connection string (what <c>primary_conninfo</c> holds): parsed into ordered pairs, with values
/// quoted back only where libpq needs it. URIs (<c>postgresql://…</c>) are refused with a clear error.
/// </summary>
internal static class Conninfo
{
    /// <summary>The pairs of <paramref name="conninfo"/>, in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string conninfo)
    {
        ArgumentNullException.ThrowIfNull(conninfo);
        if (conninfo.TrimStart().StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && conninfo.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid(conninfo, "it is a URI; use the keyword=value form (host=… port=… user=… application_name=…)");
        }

        var pairs = new List<KeyValuePair<string, string>>();
        var i = 0;
        while (true)
        {
            SkipSpaces(conninfo, ref i);
            if (i >= conninfo.Length)
            {
                return pairs;
            }

            var start = i;
            while (i < conninfo.Length && conninfo[i] != '=' && !char.IsWhiteSpace(conninfo[i]))
            {
                i++;
            }

            var key = conninfo[start..i];
            SkipSpaces(conninfo, ref i);
            if (key.Length == 0 || i >= conninfo.Length || conninfo[i] != '=')
            {
                throw Invalid(conninfo, $"expected '=' after '{key}'");
            }

            i++;
            SkipSpaces(conninfo, ref i);
            pairs.Add(new(key, ReadValue(conninfo, ref i)));
        }
    }

    /// <summary><paramref name="conninfo"/> with host and port set to <paramref name="host"/> and <paramref name="port"/> (hostaddr dropped).</summary>
    public static string WithServer(string conninfo, string host, int port)
    {
        var pairs = Parse(conninfo).Where(p => p.Key is not ("host" or "hostaddr" or "port")).ToList();
        pairs.Insert(0, new("port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        pairs.Insert(0, new("host", host));
        return Format(pairs);
    }

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public static string? Get(string conninfo, string key) => Parse(conninfo).LastOrDefault(p => p.Key == key).Value;

    /// <summary>The pairs as a conninfo string.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join(' ', pairs.Select(p => $"{p.Key}={Quote(p.Value)}"));

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => !char.IsWhiteSpace(c) && c is not ('\'' or '\\'))
            ? value
            : "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string ReadValue(string conninfo, ref int i)
    {
        var value = new StringBuilder();
        if (i < conninfo.Length && conninfo[i] == '\'')
        {
            i++;
            while (true)
            {
                if (i >= conninfo.Length)
                {
                    throw Invalid(conninfo, "a quoted value is not closed");
                }

                var c = conninfo[i++];
                if (c == '\'')
                {
                    return value.ToString();
                }

                if (c == '\\' && i < conninfo.Length)
                {
                    c = conninfo[i++];
                }

                value.Append(c);
            }
        }

        while (i < conninfo.Length && !char.IsWhiteSpace(conninfo[i]))
        {
            var c = conninfo[i++];
            if (c == '\\' && i < conninfo.Length)
            {
                c = conninfo[i++];
            }

            value.Append(c);
        }

        return value.ToString();
    }

    private static void SkipSpaces(string conninfo, ref int i)
    {
        while (i < conninfo.Length && char.IsWhiteSpace(conninfo[i]))
        {
            i++;
        }
    }

    private static DynamicDbException Invalid(string conninfo, string why) =>
        new(ErrorCodes.EngineFailoverUnsafe, $"The standby's primary_conninfo ({conninfo.Length} characters; see SHOW primary_conninfo) cannot be repointed: {why}.");
}
