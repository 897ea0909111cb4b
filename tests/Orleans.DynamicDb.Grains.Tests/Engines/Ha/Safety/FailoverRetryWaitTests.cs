using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha.Safety;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Safety;

/// <summary>
/// The retry's wait between tries (pure logic, fake clock): a failover that ends before the backoff starts the next try
/// at once; the backoff is only the longest wait.
/// </summary>
public sealed class FailoverRetryWaitTests
{
    [Fact]
    public async Task A_retry_runs_as_soon_as_the_failover_ends_without_waiting_out_its_backoff()
    {
        var time = new ManualTimeProvider();
        var failoverEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waits = new List<TimeSpan>();
        var retry = new FailoverRetry(new FailoverOptions(), "pg-ha", NullLogger.Instance, time, waitForFailover: (longest, ct) =>
        {
            lock (waits)
            {
                waits.Add(longest);
            }

            return failoverEnded.Task.WaitAsync(ct);
        });
        var tries = 0;

        var read = retry.ExecuteAsync(StatementKind.Read, _ => Task.FromResult<IDatabaseConnection>(null!), (_, _) =>
            Interlocked.Increment(ref tries) == 1
                ? throw new DynamicDbException(ErrorCodes.EngineUnavailable, "The primary cannot be reached.", isTransient: true)
                : Task.FromResult(42),
            () => 0);
        await Eventually.True(() => { lock (waits) { return waits.Count == 1; } }, "the retry waits for the failover");
        Assert.Equal(1, Volatile.Read(ref tries));
        failoverEnded.SetResult();

        Assert.Equal(42, await Eventually.Within(read, "the retried read"));
        Assert.Equal(2, tries);
        Assert.Equal([TimeSpan.FromSeconds(1)], waits); // the first backoff (Failover:Delay) bounds the wait; the clock never moved
    }

    [Fact]
    public async Task A_failed_try_is_reported_before_the_retry_waits_for_the_failover()
    {
        var failoverEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reported = new TaskCompletionSource<DynamicDbException>(TaskCreationOptions.RunContinuationsAsynchronously);
        var retry = new FailoverRetry(new FailoverOptions(), "pg-ha", NullLogger.Instance, new ManualTimeProvider(),
            waitForFailover: (_, ct) => failoverEnded.Task.WaitAsync(ct), tryFailed: failure => reported.TrySetResult(failure));
        var unreachable = new DynamicDbException(ErrorCodes.EngineUnavailable, "The primary cannot be reached.", isTransient: true);
        var tries = 0;

        var read = retry.ExecuteAsync(StatementKind.Read, _ => Task.FromResult<IDatabaseConnection>(null!), (_, _) =>
            Interlocked.Increment(ref tries) == 1 ? throw unreachable : Task.FromResult(42), () => 0);

        Assert.Same(unreachable, await Eventually.Within(reported.Task, "the failed try reported while the failover still runs"));
        Assert.False(read.IsCompleted);
        failoverEnded.SetResult();
        Assert.Equal(42, await Eventually.Within(read, "the retried read"));
    }
}
