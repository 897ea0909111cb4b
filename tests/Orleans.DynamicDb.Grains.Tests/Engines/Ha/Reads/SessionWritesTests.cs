using Orleans.DynamicDb.Engines.Ha.Reads;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Reads;

/// <summary>The sessions' last write positions: remembered while recent, bounded in number without forgetting a write.</summary>
public sealed class SessionWritesTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;

    [Fact]
    public void A_session_requires_its_last_write_until_the_retention_passes()
    {
        var writes = new SessionWrites(TimeSpan.FromSeconds(3), capacity: 100);
        writes.Record("a", 500, 10 * Second);
        writes.Record("a", 400, 11 * Second);

        Assert.Equal(500, writes.Required("a", 12 * Second));
        Assert.Equal(0, writes.Required("b", 12 * Second));
        Assert.Equal(0, writes.Required(null, 12 * Second));
        Assert.Equal(0, writes.Required("a", 15 * Second));
    }

    [Fact]
    public void Sessions_beyond_the_capacity_fold_into_a_floor_every_session_must_pass()
    {
        var writes = new SessionWrites(TimeSpan.FromSeconds(3), capacity: 100);
        for (var i = 0; i < 150; i++)
        {
            writes.Record($"s{i}", 1000 + i, Second + i);
        }

        Assert.True(writes.Count <= 100, $"{writes.Count} sessions kept");
        Assert.True(writes.Required("s0", 2 * Second) >= 1000, "the oldest session's write is still required");
        Assert.True(writes.Required("never-wrote", 2 * Second) >= 1000);
        Assert.Equal(1149, writes.Required("s149", 2 * Second));
        Assert.Equal(0, writes.Required("s0", 10 * Second));
    }
}
