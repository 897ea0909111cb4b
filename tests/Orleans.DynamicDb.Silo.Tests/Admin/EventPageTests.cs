using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Silo.Admin;
using static Orleans.DynamicDb.Silo.Tests.Admin.EventCursorTests;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>Pages of the merged event stream: oldest first over all engines, nothing skipped or repeated across pages.</summary>
public sealed class EventPageTests
{
    [Fact]
    public void A_page_merges_the_engines_in_time_order_and_its_cursor_points_past_it()
    {
        IReadOnlyList<EngineEvent> a = [Event("a", 1, 0), Event("a", 2, 3), Event("a", 3, 4)];
        IReadOnlyList<EngineEvent> b = [Event("b", 1, 1), Event("b", 2, 2)];

        var (events, next) = EventPage.Merge(EventCursor.Start, [a, b], limit: 3);

        Assert.Equal(["a:1", "b:1", "b:2"], events.Select(e => $"{e.Engine}:{e.Sequence}"));
        Assert.Equal("a:1,b:2", next.ToString());
    }

    [Fact]
    public void Reading_page_after_page_returns_every_event_once_in_time_order()
    {
        var streams = new Dictionary<string, List<EngineEvent>>
        {
            ["a"] = [.. Enumerable.Range(1, 7).Select(i => Event("a", i, i * 3))],
            ["b"] = [.. Enumerable.Range(1, 5).Select(i => Event("b", i, (i * 4) + 1))],
            ["c"] = [Event("c", 1, 100)],
        };
        var read = new List<EngineEvent>();
        var cursor = EventCursor.Start;

        for (var round = 0; round < 20; round++)
        {
            var since = cursor;
            var perEngine = streams.Select(s => (IReadOnlyList<EngineEvent>)[.. s.Value.Where(e => e.Sequence > since.After(s.Key)).Take(2)]);
            (var page, cursor) = EventPage.Merge(since, perEngine, limit: 2);
            read.AddRange(page);
        }

        var all = streams.Values.SelectMany(s => s).OrderBy(e => e.At).ToList();
        Assert.Equal(all, read);
        Assert.Equal("a:7,b:5,c:1", cursor.ToString());
    }

    [Fact]
    public void Without_new_events_the_cursor_stays_where_it_was()
    {
        var since = EventCursor.Parse("a:4");

        var (events, next) = EventPage.Merge(since, [[]], limit: 10);

        Assert.Empty(events);
        Assert.Equal("a:4", next.ToString());
    }
}
