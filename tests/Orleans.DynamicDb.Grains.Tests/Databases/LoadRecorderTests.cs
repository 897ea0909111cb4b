using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>The database's load over a window (pure logic on a manual clock).</summary>
public sealed class LoadRecorderTests
{
    private readonly TestInfrastructure.ManualTimeProvider _time = new();

    [Fact]
    public void A_young_recorder_answers_for_the_time_it_has_seen()
    {
        var recorder = new LoadRecorder(_time);
        Run(recorder, TimeSpan.FromMilliseconds(40));

        var load = recorder.Read(TimeSpan.FromSeconds(60), openCursors: 0);

        Assert.Equal(1, load.Statements);
        Assert.Equal(40, load.P99Ms);
        Assert.Equal(1, load.MaxConcurrent);
    }

    [Fact]
    public void The_p99_is_over_the_window_only_and_older_statements_leave_it()
    {
        var recorder = new LoadRecorder(_time);
        Run(recorder, TimeSpan.FromMilliseconds(900));
        _time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 49; i++)
        {
            Run(recorder, TimeSpan.FromMilliseconds(10));
        }

        // Nearest rank: of 50 durations the 99th percentile is the largest.
        Assert.Equal(900, recorder.Read(TimeSpan.FromSeconds(60), 0).P99Ms);
        Assert.Equal(50, recorder.Read(TimeSpan.FromSeconds(60), 0).Statements);
        Assert.Equal(10, recorder.Read(TimeSpan.FromSeconds(10), 0).P99Ms);

        _time.Advance(TimeSpan.FromSeconds(120));
        var later = recorder.Read(TimeSpan.FromSeconds(60), 0);
        Assert.Null(later.P99Ms);
        Assert.Equal(0, later.Statements);
    }

    [Fact]
    public void The_most_in_flight_counts_calls_running_together_and_open_cursors()
    {
        var recorder = new LoadRecorder(_time);
        var calls = Enumerable.Range(0, 3).Select(_ => recorder.Begin(openCursors: 2)).ToList();
        Assert.Equal(5, recorder.Read(TimeSpan.FromSeconds(5), openCursors: 2).MaxConcurrent);
        calls.ForEach(c => c.Dispose());

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, recorder.Read(TimeSpan.FromSeconds(5), openCursors: 0).MaxConcurrent);
        Assert.Equal(5, recorder.Read(TimeSpan.FromSeconds(30), openCursors: 0).MaxConcurrent);
        Assert.Equal(3, recorder.Read(TimeSpan.FromSeconds(30), openCursors: 0).Statements);
    }

    private void Run(LoadRecorder recorder, TimeSpan duration)
    {
        using var call = recorder.Begin(openCursors: 0);
        _time.Advance(duration);
    }
}
