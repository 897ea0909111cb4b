using System.Globalization;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// Where <c>dyndb events tail</c> starts: <c>now</c> (the default: only what happens from now on), <c>0</c> (the whole
/// retained stream), a cursor answered by the silo (<c>engine:sequence,…</c>), a duration back from now (<c>30s</c>,
/// <c>10m</c>, <c>2h</c>, <c>1d</c>) or a time (ISO 8601, e.g. <c>2026-12-05T10:00:00Z</c>).
/// </summary>
/// <param name="Cursor">The cursor to read from (<c>0</c> for the start; null for now).</param>
/// <param name="NotBefore">Events before this time are skipped; null for none.</param>
public sealed record EventsSince(string? Cursor, DateTimeOffset? NotBefore)
{
    /// <summary>Reads a <c>--since</c> value; <paramref name="now"/> anchors durations.</summary>
    /// <exception cref="CliException">Exit 2 naming the value and the forms accepted.</exception>
    public static EventsSince Parse(string? text, DateTimeOffset now)
    {
        if (text is null || text == "now")
        {
            return new EventsSince(null, null);
        }

        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && "smhd".Contains(text[^1], StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            var span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return new EventsSince("0", now - span);
        }

        if (text.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return new EventsSince("0", at);
        }

        if (text == "0" || text.Split(',').All(IsPair))
        {
            return new EventsSince(text, null);
        }

        throw new CliException(
            $"--since '{text}' is not now, 0, a cursor (engine:sequence,...), a duration (30s, 10m, 2h, 1d) or a time (2026-12-05T10:00:00Z).", ExitCodes.Usage);
    }

    private static bool IsPair(string pair)
    {
        var colon = pair.LastIndexOf(':');
        return colon > 0 && long.TryParse(pair.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
