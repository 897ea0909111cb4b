using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

public sealed class LatencyWindowTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Percentiles_are_nearest_rank_over_the_samples()
    {
        var window = new LatencyWindow(TimeSpan.FromSeconds(60), _time);
        Assert.Null(window.P50);
        Assert.Null(window.P99);

        for (var ms = 1; ms <= 100; ms++)
        {
            window.Record(ms);
        }

        Assert.Equal(50, window.P50);
        Assert.Equal(99, window.P99);
        Assert.Equal(100, window.Percentile(1));
    }

    [Fact]
    public void Samples_older_than_the_window_no_longer_count()
    {
        var window = new LatencyWindow(TimeSpan.FromSeconds(60), _time);
        window.Record(5000);
        _time.Advance(TimeSpan.FromSeconds(30));
        window.Record(10);
        Assert.Equal(5000, window.P99);

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(10, window.P99);
    }

    [Fact]
    public void Memory_is_bounded_by_the_capacity_keeping_the_newest_samples()
    {
        var window = new LatencyWindow(TimeSpan.FromSeconds(60), _time, capacity: 10);
        for (var i = 0; i < 1000; i++)
        {
            window.Record(i < 990 ? 1000 : 1);
        }

        Assert.Equal(1, window.P99);
    }

    [Fact]
    public void The_error_rate_counts_outcomes_in_the_window()
    {
        var window = new LatencyWindow(TimeSpan.FromSeconds(60), _time);
        Assert.Equal(0, window.ErrorRate);
        window.RecordOutcomes(successes: 3, failures: 1);
        Assert.Equal(0.25, window.ErrorRate);

        _time.Advance(TimeSpan.FromSeconds(62));
        window.RecordOutcomes(successes: 1, failures: 1);

        Assert.Equal(0.5, window.ErrorRate);
    }
}
