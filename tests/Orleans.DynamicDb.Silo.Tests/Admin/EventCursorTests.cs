using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Admin;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>The event cursor: per-engine last sequences, written in engine id order, read back the same.</summary>
public sealed class EventCursorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    public void Nothing_empty_or_zero_is_the_start(string? text)
    {
        var cursor = EventCursor.Parse(text);

        Assert.Equal(0, cursor.After("sqlite"));
        Assert.Equal("0", cursor.ToString());
    }

    [Fact]
    public void A_cursor_reads_back_what_it_wrote_and_unnamed_engines_start_at_zero()
    {
        var cursor = EventCursor.Parse("sqlite:12,pg-main:4");

        Assert.Equal(12, cursor.After("sqlite"));
        Assert.Equal(4, cursor.After("pg-main"));
        Assert.Equal(0, cursor.After("pg_other"));
        Assert.Equal("pg-main:4,sqlite:12", cursor.ToString());
        Assert.Equal("pg-main:4,sqlite:12", EventCursor.Parse(cursor.ToString()).ToString());
    }

    [Fact]
    public void Moving_past_events_keeps_the_highest_sequence_of_each_engine()
    {
        var cursor = EventCursor.Parse("sqlite:3").Past([Event("pg", 2, 0), Event("pg", 5, 1), Event("sqlite", 4, 2)]);

        Assert.Equal("pg:5,sqlite:4", cursor.ToString());
    }

    [Theory]
    [InlineData("sqlite", "'sqlite' is not 'engine:sequence'")]
    [InlineData(":3", "':3' is not 'engine:sequence'")]
    [InlineData("Big:3", "'Big:3' is not 'engine:sequence'")]
    [InlineData("sqlite:", "the sequence of 'sqlite' is not a whole number")]
    [InlineData("sqlite:+1", "the sequence of 'sqlite' is not a whole number")]
    [InlineData("sqlite:99999999999999999999", "the sequence of 'sqlite' is not a whole number")]
    [InlineData("a:1,,b:2", "'' is not 'engine:sequence'")]
    [InlineData("a:1,a:2", "names the engine 'a' twice")]
    public void A_malformed_cursor_is_refused_naming_since_and_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<DynamicDbException>(() => EventCursor.Parse(text));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains("'since'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    internal static EngineEvent Event(string engine, long sequence, int second) =>
        new(sequence, DateTimeOffset.UnixEpoch.AddSeconds(second), engine, "state", "Initializing", "Healthy", "test", null);
}
