using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

public sealed class CircuitBreakerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly EngineHealthOptions _options = new();

    [Fact]
    public void Five_failures_at_half_of_the_outcomes_open_the_circuit()
    {
        var breaker = new CircuitBreaker(_options, _time);

        Assert.Null(breaker.Record(5, 4));
        var change = breaker.Record(0, 1, "connection refused");

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(new CircuitChange(CircuitState.Closed, CircuitState.Open, "5 of 10 outcomes failed in the last 60 s: connection refused"), change);
        Assert.Equal(_time.GetUtcNow(), breaker.OpenedAt);
    }

    [Fact]
    public void Min_num_failures_in_a_row_open_a_busy_engines_circuit_before_the_rate_reaches_the_threshold()
    {
        var breaker = new CircuitBreaker(_options, _time);
        Assert.Null(breaker.Record(1000, 0)); // a busy engine until its server dies
        Assert.Null(breaker.Record(0, 4));

        var change = breaker.Record(0, 1, "connection refused");

        Assert.Equal(new CircuitChange(CircuitState.Closed, CircuitState.Open, "5 outcomes failed in a row: connection refused"), change);
    }

    [Fact]
    public void A_success_between_failures_breaks_the_streak()
    {
        var breaker = new CircuitBreaker(_options, _time);
        Assert.Null(breaker.Record(1000, 0));
        Assert.Null(breaker.Record(0, 4));
        Assert.Null(breaker.Record(1, 1));
        Assert.Null(breaker.Record(0, 3));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void A_probe_round_that_fails_by_its_policy_counts_as_a_whole_round_of_failures_so_two_in_a_row_open_the_circuit()
    {
        var breaker = new CircuitBreaker(_options, _time); // 3 probes a round, 5 failures to open
        var passed = new ProbeResult(true, 1.5, null);
        var failed = new ProbeResult(false, 5000, "timed out after 5 s");
        var healthy = new ProbeRound(true, [passed, passed, passed], "3 of 3 probes passed");
        var failedRound = new ProbeRound(false, [failed], "1 of 1 probes failed (all must pass): timed out after 5 s");
        breaker.Record(1000, 0);
        Assert.Null(breaker.RoundFailed(healthy));

        Assert.Null(breaker.Record(0, 1, failed.Failure));
        Assert.Null(breaker.RoundFailed(failedRound)); // one slow probe: 3 failures in a row, still closed
        Assert.Null(breaker.Record(0, 1, failed.Failure));
        var change = breaker.RoundFailed(failedRound);

        Assert.Equal(new CircuitChange(CircuitState.Closed, CircuitState.Open,
            "6 outcomes failed in a row: a probe round failed: 1 of 1 probes failed (all must pass): timed out after 5 s"), change);
    }

    [Fact]
    public void Fewer_than_min_num_failures_or_a_rate_below_the_threshold_keep_it_closed()
    {
        var breaker = new CircuitBreaker(_options, _time);
        Assert.Null(breaker.Record(0, 4));
        Assert.Null(breaker.Record(7, 1));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void Failures_older_than_the_detection_window_are_forgotten()
    {
        var breaker = new CircuitBreaker(_options, _time);
        Assert.Null(breaker.Record(0, 4));

        _time.Advance(TimeSpan.FromSeconds(62));
        Assert.Null(breaker.Record(0, 1));
        Assert.Equal(CircuitState.Closed, breaker.State);

        Assert.Equal(CircuitState.Open, breaker.Record(0, 4)?.To);
    }

    [Fact]
    public void An_open_circuit_waits_the_grace_period_then_half_opens_and_one_success_closes_it()
    {
        var breaker = new CircuitBreaker(_options, _time);
        breaker.Record(0, 5);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(breaker.Tick());
        Assert.Null(breaker.Record(10, 0));
        Assert.Equal(CircuitState.Open, breaker.State);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new CircuitChange(CircuitState.Open, CircuitState.HalfOpen, "the grace period of 30 s passed; the next outcome decides"), breaker.Tick());
        Assert.Equal(new CircuitChange(CircuitState.HalfOpen, CircuitState.Closed, "the trial succeeded"), breaker.Record(1, 0));
        Assert.Null(breaker.OpenedAt);

        Assert.Null(breaker.Record(0, 4));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void One_failure_when_half_open_reopens_the_circuit_and_restarts_the_grace_period()
    {
        var breaker = new CircuitBreaker(_options, _time);
        breaker.Record(0, 5);
        _time.Advance(TimeSpan.FromSeconds(30));
        breaker.Tick();

        var change = breaker.Record(3, 1, "timeout");

        Assert.Equal(new CircuitChange(CircuitState.HalfOpen, CircuitState.Open, "the trial failed: timeout"), change);
        Assert.Equal(_time.GetUtcNow(), breaker.OpenedAt);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(breaker.Tick());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, breaker.Tick()?.To);
    }

    [Fact]
    public void A_restored_open_circuit_keeps_its_opening_time()
    {
        var openedAt = _time.GetUtcNow().AddSeconds(-25);
        var breaker = new CircuitBreaker(_options, _time, CircuitState.Open, openedAt);

        Assert.Null(breaker.Tick());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(CircuitState.HalfOpen, breaker.Tick()?.To);
    }
}
