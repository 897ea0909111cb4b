using Orleans.DynamicDb.Engines.Managed;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Managed;

public sealed class KeyedLockTests
{
    [Fact]
    public async Task The_same_key_is_held_by_one_caller_at_a_time_and_other_keys_are_independent()
    {
        var locks = new KeyedLock();
        var first = await locks.AcquireAsync("a", CancellationToken.None);

        var second = locks.AcquireAsync("a", CancellationToken.None);
        var other = await locks.AcquireAsync("b", CancellationToken.None);

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_lock_usable()
    {
        var locks = new KeyedLock();
        var held = await locks.AcquireAsync("a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = locks.AcquireAsync("a", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        (await locks.AcquireAsync("a", CancellationToken.None)).Dispose();
    }
}
