using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Health;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

public sealed class EngineHealthMachineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly EngineHealthOptions Options = new();
    private static readonly ProbeRound Passed = new(true, [new ProbeResult(true, 1, null)], "1 of 1 probes passed");
    private static readonly ProbeRound Failed = new(false, [new ProbeResult(false, 1, "connection refused")], "1 of 1 probes failed: connection refused");

    public static TheoryData<EngineHealthState, EngineHealthState> Allowed => new()
    {
        { EngineHealthState.Initializing, EngineHealthState.Healthy },
        { EngineHealthState.Initializing, EngineHealthState.Failed },
        { EngineHealthState.Healthy, EngineHealthState.Degraded },
        { EngineHealthState.Healthy, EngineHealthState.Switching },
        { EngineHealthState.Degraded, EngineHealthState.Healthy },
        { EngineHealthState.Degraded, EngineHealthState.Failed },
        { EngineHealthState.Switching, EngineHealthState.Healthy },
        { EngineHealthState.Switching, EngineHealthState.Failed },
        { EngineHealthState.Failed, EngineHealthState.Initializing },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void The_seeds_transitions_are_allowed(EngineHealthState from, EngineHealthState to)
    {
        var machine = new EngineHealthMachine(from, Start);

        var change = machine.MoveTo(to, "test", Start.AddSeconds(1));

        Assert.Equal(new HealthChange(from, to, "test"), change);
        Assert.Equal(to, machine.State);
        Assert.Equal(Start.AddSeconds(1), machine.Since);
    }

    [Fact]
    public void Every_other_transition_throws_naming_both_states()
    {
        var allowed = Allowed.Select(row => ((EngineHealthState)row[0], (EngineHealthState)row[1])).ToHashSet();
        var illegal = 0;
        foreach (var from in Enum.GetValues<EngineHealthState>())
        {
            foreach (var to in Enum.GetValues<EngineHealthState>().Where(to => !allowed.Contains((from, to))))
            {
                var machine = new EngineHealthMachine(from, Start);
                var e = Assert.Throws<InvalidOperationException>(() => machine.MoveTo(to, "test", Start));
                Assert.Contains($"from {from} to {to}", e.Message, StringComparison.Ordinal);
                Assert.Equal(from, machine.State);
                illegal++;
            }
        }

        Assert.Equal(25 - 9, illegal);
    }

    [Fact]
    public void A_probe_round_decides_an_initializing_engine()
    {
        Assert.Equal(EngineHealthState.Healthy, Evaluate(EngineHealthState.Initializing, Signals(Passed))?.To);
        Assert.Equal(EngineHealthState.Failed, Evaluate(EngineHealthState.Initializing, Signals(Failed))?.To);
        Assert.Null(Evaluate(EngineHealthState.Initializing, Signals(null)));
    }

    [Fact]
    public void A_healthy_engine_is_degraded_by_slow_statements_a_high_error_rate_an_open_circuit_or_failing_probes()
    {
        Assert.Null(Evaluate(EngineHealthState.Healthy, Signals(Passed, p99: 999)));
        var slow = Evaluate(EngineHealthState.Healthy, Signals(Passed, p99: 1500));
        Assert.Equal(EngineHealthState.Degraded, slow?.To);
        Assert.Contains("p99 latency 1500 ms is above the performance threshold of 1000 ms", slow!.Reason, StringComparison.Ordinal);
        Assert.Equal(EngineHealthState.Degraded, Evaluate(EngineHealthState.Healthy, Signals(null, errorRate: 0.6, outcomes: 10))?.To);
        Assert.Equal(EngineHealthState.Degraded, Evaluate(EngineHealthState.Healthy, Signals(Passed, circuit: CircuitState.Open))?.To);
        Assert.Equal(EngineHealthState.Degraded, Evaluate(EngineHealthState.Healthy, Signals(Failed))?.To);
    }

    [Fact]
    public void A_high_error_rate_over_fewer_outcomes_than_min_num_failures_is_not_trusted()
    {
        Assert.Null(Evaluate(EngineHealthState.Healthy, Signals(null, errorRate: 1, outcomes: 4)));
        Assert.Null(Evaluate(EngineHealthState.Healthy, Signals(null, errorRate: 0.5, outcomes: 10)));
    }

    [Fact]
    public void A_degraded_engine_fails_by_the_probe_policy_and_heals_only_when_everything_is_normal_again()
    {
        Assert.Equal(EngineHealthState.Failed, Evaluate(EngineHealthState.Degraded, Signals(Failed))?.To);
        Assert.Null(Evaluate(EngineHealthState.Degraded, Signals(Passed, p99: 2000)));
        Assert.Null(Evaluate(EngineHealthState.Degraded, Signals(Passed, circuit: CircuitState.HalfOpen)));
        Assert.Null(Evaluate(EngineHealthState.Degraded, Signals(null)));
        Assert.Equal(EngineHealthState.Healthy, Evaluate(EngineHealthState.Degraded, Signals(Passed))?.To);
    }

    [Fact]
    public void Switching_and_failed_engines_are_left_alone_by_evaluation()
    {
        Assert.Null(Evaluate(EngineHealthState.Switching, Signals(Failed)));
        Assert.Null(Evaluate(EngineHealthState.Failed, Signals(Passed)));
    }

    [Fact]
    public void A_failed_engine_attempts_recovery_only_after_the_grace_period()
    {
        var machine = new EngineHealthMachine(EngineHealthState.Failed, Start);

        Assert.Null(machine.Recover(TimeSpan.FromSeconds(30), Start.AddSeconds(29.9)));
        var change = machine.Recover(TimeSpan.FromSeconds(30), Start.AddSeconds(30));

        Assert.Equal(EngineHealthState.Initializing, change?.To);
        Assert.Null(new EngineHealthMachine(EngineHealthState.Healthy, Start).Recover(TimeSpan.FromSeconds(30), Start.AddHours(1)));
    }

    private static HealthChange? Evaluate(EngineHealthState state, HealthSignals signals) =>
        new EngineHealthMachine(state, Start).Evaluate(signals, Options, Start.AddSeconds(1));

    private static HealthSignals Signals(ProbeRound? round, double? p99 = 5, double errorRate = 0, long outcomes = 100, CircuitState circuit = CircuitState.Closed) =>
        new(round, p99, errorRate, outcomes, circuit);
}
