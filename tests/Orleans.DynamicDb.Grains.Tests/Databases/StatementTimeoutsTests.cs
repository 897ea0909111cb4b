using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>The grain's reusable statement timeouts (pure logic, real timers).</summary>
public sealed class StatementTimeoutsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_statement_that_ended_in_time_leaves_its_source_for_the_next_one()
    {
        var timeouts = new StatementTimeouts();
        using (timeouts.Start(Long, CancellationToken.None))
        {
            Assert.Equal(0, timeouts.Kept);
        }

        Assert.Equal(1, timeouts.Kept);
        using var next = timeouts.Start(Long, CancellationToken.None);
        Assert.Equal(0, timeouts.Kept);
        Assert.False(next.Token.IsCancellationRequested);
    }

    [Fact]
    public void The_callers_token_cancels_its_statement_and_a_cancelled_source_is_not_kept()
    {
        var timeouts = new StatementTimeouts();
        using var caller = new CancellationTokenSource();
        var lease = timeouts.Start(Long, caller.Token);

        caller.Cancel();

        Assert.True(lease.Token.IsCancellationRequested);
        lease.Dispose();
        Assert.Equal(0, timeouts.Kept);
    }

    [Fact]
    public void A_callers_token_cancelled_after_its_statement_ended_does_not_cancel_the_next_statement()
    {
        var timeouts = new StatementTimeouts();
        using var earlier = new CancellationTokenSource();
        timeouts.Start(Long, CancellationToken.None, earlier.Token).Dispose();
        using var next = timeouts.Start(Long, CancellationToken.None);

        earlier.Cancel();

        Assert.False(next.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task The_limit_cancels_the_statement_and_a_fired_source_is_not_kept()
    {
        var timeouts = new StatementTimeouts();
        var lease = timeouts.Start(TimeSpan.FromMilliseconds(20), CancellationToken.None);

        await Eventually.True(() => lease.Token.IsCancellationRequested, "the limit passes");
        lease.Dispose();

        Assert.Equal(0, timeouts.Kept);
        using var next = timeouts.Start(Long, CancellationToken.None);
        Assert.False(next.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_kept_source_is_armed_again_with_the_next_statements_limit()
    {
        var timeouts = new StatementTimeouts();
        timeouts.Start(Long, CancellationToken.None).Dispose();
        var lease = timeouts.Start(TimeSpan.FromMilliseconds(20), CancellationToken.None);

        await Eventually.True(() => lease.Token.IsCancellationRequested, "the second statement's limit passes");
        lease.Dispose();
    }

    [Fact]
    public void No_more_sources_are_kept_than_its_bound()
    {
        var timeouts = new StatementTimeouts();
        var leases = Enumerable.Range(0, StatementTimeouts.MaxKept + 10).Select(_ => timeouts.Start(Long, CancellationToken.None)).ToList();

        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.Equal(StatementTimeouts.MaxKept, timeouts.Kept);
    }
}
