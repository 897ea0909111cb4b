using System.Globalization;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The position in the merged event stream of <c>GET /v1/engines/events</c>: for each engine, the last sequence the
/// reader has seen of its stream (<see cref="EngineEvent.Sequence"/>, from 1 without gaps). Written as
/// <c>engine:sequence</c> pairs joined by commas in engine id order, e.g. <c>pg-main:4,sqlite:12</c>; <c>0</c> is the
/// start. An engine the cursor does not name is read from its start, so engines added later are never missed.
/// </summary>
internal sealed class EventCursor
{
    /// <summary>The cursor of the stream's start.</summary>
    public const string StartText = "0";

    private const int MaxShownLength = 80;

    private readonly SortedDictionary<string, long> _seen;

    private EventCursor(SortedDictionary<string, long> seen) => _seen = seen;

    /// <summary>The start: no engine's events seen.</summary>
    public static EventCursor Start { get; } = new(new SortedDictionary<string, long>(StringComparer.Ordinal));

    /// <summary>The last sequence seen of <paramref name="engine"/>, 0 when none.</summary>
    public long After(string engine) => _seen.TryGetValue(engine, out var sequence) ? sequence : 0;

    /// <summary>This cursor moved past <paramref name="events"/>.</summary>
    public EventCursor Past(IEnumerable<EngineEvent> events)
    {
        var seen = new SortedDictionary<string, long>(_seen, StringComparer.Ordinal);
        foreach (var e in events)
        {
            seen[e.Engine] = Math.Max(e.Sequence, seen.GetValueOrDefault(e.Engine));
        }

        return new EventCursor(seen);
    }

    /// <summary>
    /// The cursor written as <paramref name="text"/>: null, empty or <c>0</c> for the start.
    /// </summary>
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming <c>since</c>, the value and what is wrong.</exception>
    public static EventCursor Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text == StartText)
        {
            return Start;
        }

        var seen = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in text.Split(','))
        {
            var colon = pair.LastIndexOf(':');
            var engine = colon > 0 ? pair[..colon] : "";
            if (!IsEngineId(engine))
            {
                throw Invalid(text, $"'{Shown(pair)}' is not 'engine:sequence' with an engine id of a–z, 0–9, '_' and '-'");
            }

            if (!long.TryParse(pair.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                throw Invalid(text, $"the sequence of '{engine}' is not a whole number of 0 or more");
            }

            if (!seen.TryAdd(engine, sequence))
            {
                throw Invalid(text, $"it names the engine '{engine}' twice");
            }
        }

        return new EventCursor(seen);
    }

    /// <summary>The text form; <see cref="StartText"/> when nothing was seen.</summary>
    public override string ToString() =>
        _seen.Count == 0 ? StartText : string.Join(',', _seen.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}:{p.Value}")));

    private static bool IsEngineId(string id) =>
        id.Length is > 0 and <= 63 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');

    private static string Shown(string text) => text.Length <= MaxShownLength ? text : text[..MaxShownLength] + "...";

    private static Errors.DynamicDbException Invalid(string text, string why) => JsonFields.Invalid(
        $"The query parameter 'since' is not an event cursor: '{Shown(text)}': {why}. Pass 0 for the start or the 'next' of an earlier answer, e.g. since=pg-main:4,sqlite:12.");
}
