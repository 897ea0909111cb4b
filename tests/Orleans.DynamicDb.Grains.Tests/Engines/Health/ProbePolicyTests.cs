using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

public sealed class ProbePolicyTests
{
    [Theory]
    [InlineData("all", 3, 0, true)]
    [InlineData("all", 2, 1, false)]
    [InlineData("all", 2, 0, null)]
    [InlineData("all", 0, 1, false)]
    [InlineData("any", 1, 0, true)]
    [InlineData("any", 0, 2, null)]
    [InlineData("any", 0, 3, false)]
    [InlineData("majority", 2, 0, true)]
    [InlineData("majority", 1, 1, null)]
    [InlineData("majority", 0, 2, false)]
    [InlineData("MAJORITY", 2, 1, true)]
    public void A_policy_decides_as_soon_as_the_remaining_probes_cannot_change_the_verdict(string policy, int passed, int failed, bool? verdict) =>
        Assert.Equal(verdict, ProbePolicy.Decide(policy, passed, failed, total: 3));

    [Fact]
    public void A_majority_of_an_even_number_of_probes_needs_more_than_half() =>
        Assert.False(ProbePolicy.Decide("majority", 2, 2, total: 4));

    [Fact]
    public async Task A_round_under_all_stops_at_the_first_failure_and_names_it()
    {
        var probe = new ScriptedProbe(null, "connection refused", null);
        var policy = new ProbePolicy(new EngineHealthOptions { HealthCheckProbesDelay = TimeSpan.Zero }, TimeProvider.System);

        var round = await policy.RunAsync(probe, CancellationToken.None);

        Assert.False(round.Healthy);
        Assert.Equal(2, probe.Calls);
        Assert.Equal([true, false], round.Results.Select(r => r.Passed));
        Assert.Equal("1 of 2 probes failed (all must pass): connection refused", round.Reason);
    }

    [Fact]
    public async Task A_round_under_any_passes_on_the_first_success()
    {
        var probe = new ScriptedProbe("refused", "refused", null);
        var policy = new ProbePolicy(new EngineHealthOptions { Policy = "any", HealthCheckProbesDelay = TimeSpan.Zero }, TimeProvider.System);

        var round = await policy.RunAsync(probe, CancellationToken.None);

        Assert.True(round.Healthy);
        Assert.Equal(3, probe.Calls);
        Assert.Equal("1 of 3 probes passed (one must pass)", round.Reason);
    }

    [Fact]
    public async Task Probes_are_spaced_by_the_probes_delay()
    {
        var time = new ManualTimeProvider();
        var probe = new ScriptedProbe(null, null, null);
        var policy = new ProbePolicy(new EngineHealthOptions { HealthCheckProbesDelay = TimeSpan.FromSeconds(1) }, time);

        var running = policy.RunAsync(probe, CancellationToken.None);
        Assert.Equal(1, probe.Calls);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, probe.Calls);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.True(() => probe.Calls == 2, "the second probe runs once the delay has passed");
        time.Advance(TimeSpan.FromSeconds(1));

        var round = await Eventually.Within(running, "the round");
        Assert.True(round.Healthy);
        Assert.Equal(3, probe.Calls);
    }

    [Fact]
    public async Task A_probe_slower_than_the_timeout_fails_even_when_it_ignores_cancellation()
    {
        var time = new ManualTimeProvider();
        var hung = new TaskCompletionSource();
        var policy = new ProbePolicy(new EngineHealthOptions { HealthCheckProbes = 1, HealthCheckTimeout = TimeSpan.FromSeconds(5) }, time);

        var running = policy.RunAsync(new HungProbe(hung.Task), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(running.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var round = await Eventually.Within(running, "the round");
        Assert.False(round.Healthy);
        Assert.Equal("timed out after 5 s", round.Results.Single().Failure);
    }

    /// <summary>Each call answers the next scripted outcome: null passes, a text fails with that message.</summary>
    private sealed class ScriptedProbe(params string?[] outcomes) : IEngineProbe
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task ProbeAsync(CancellationToken cancellationToken)
        {
            var failure = outcomes[Interlocked.Increment(ref _calls) - 1];
            return failure is null ? Task.CompletedTask : Task.FromException(new IOException(failure));
        }
    }

    private sealed class HungProbe(Task never) : IEngineProbe
    {
        public Task ProbeAsync(CancellationToken cancellationToken) => never;
    }
}
