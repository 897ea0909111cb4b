using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// One page of the merged event stream: the oldest <c>limit</c> events not yet seen over all engines, in time order
/// (ties by engine id, then sequence), and the cursor after them.
/// </summary>
internal static class EventPage
{
    /// <summary>
    /// Merges <paramref name="perEngine"/> (each engine's events after <paramref name="since"/>, oldest first, at most
    /// <paramref name="limit"/> each) into one page. Every event of the page is older than every unseen event left out,
    /// because an engine's stream is in time order and each engine gave up to <paramref name="limit"/> of its oldest.
    /// </summary>
    public static (IReadOnlyList<EngineEvent> Events, EventCursor Next) Merge(EventCursor since, IEnumerable<IReadOnlyList<EngineEvent>> perEngine, int limit)
    {
        var page = perEngine
            .SelectMany(events => events)
            .Where(e => e.Sequence > since.After(e.Engine))
            .OrderBy(e => e.At)
            .ThenBy(e => e.Engine, StringComparer.Ordinal)
            .ThenBy(e => e.Sequence)
            .Take(limit)
            .ToList();
        return (page, since.Past(page));
    }
}
