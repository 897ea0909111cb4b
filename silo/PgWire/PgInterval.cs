using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>A PostgreSQL time setting such as <c>idle_in_transaction_session_timeout</c>: a number with an optional unit
/// (<c>ms</c>, <c>s</c>, <c>min</c>, <c>h</c>, <c>d</c>; none means milliseconds).</summary>
internal static partial class PgInterval
{
    /// <summary>The duration <paramref name="text"/> (setting <paramref name="name"/>) stands for; null for 0 (PostgreSQL's "off").</summary>
    public static TimeSpan? Parse(string name, string text)
    {
        var match = Shape().Match(text.Trim());
        if (!match.Success)
        {
            throw new PgWireException("22023", $"invalid value for parameter \"{name}\": \"{text}\" (a number with an optional unit ms, s, min, h or d)");
        }

        var number = double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        var value = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "" or "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "min" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => TimeSpan.FromDays(number),
        };
        return value == TimeSpan.Zero ? null : value;
    }

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)\s*(?<unit>ms|s|min|h|d)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
