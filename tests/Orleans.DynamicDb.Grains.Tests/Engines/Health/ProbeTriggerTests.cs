using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

public sealed class ProbeTriggerTests
{
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_thousand_suspicions_start_one_round_until_it_ends_and_the_spacing_passes()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var trigger = new ProbeTrigger(Spacing, time);

        var started = Enumerable.Range(0, 1000).Count(_ => trigger.TryStart(CircuitState.Closed));

        Assert.Equal(1, started);
        trigger.Ended();
        time.Advance(Spacing - TimeSpan.FromMilliseconds(1));
        Assert.False(trigger.TryStart(CircuitState.Closed));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(trigger.TryStart(CircuitState.Closed));
        Assert.Equal(2, trigger.Started);
    }

    [Theory]
    [InlineData(CircuitState.Open)]
    [InlineData(CircuitState.HalfOpen)]
    public void No_round_is_triggered_unless_the_circuit_is_closed(CircuitState circuit)
    {
        var trigger = new ProbeTrigger(Spacing, new ManualTimeProvider(DateTimeOffset.UnixEpoch));

        Assert.False(trigger.TryStart(circuit));
        Assert.Equal(0, trigger.Started);
    }
}
