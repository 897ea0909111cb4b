using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Invocation;

public sealed class CallSemanticsTests
{
    [Fact]
    public async Task An_exception_reaches_the_caller_with_its_type_and_message()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(Probe.NewName());

        var async = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("boom 42"));
        var sync = await Assert.ThrowsAsync<ArgumentException>(() => grain.FailSynchronously("bad 7"));

        Assert.Equal("boom 42", async.Message);
        Assert.StartsWith("bad 7", sync.Message, StringComparison.Ordinal);
        Assert.Equal(1, await grain.Increment());
    }

    [Fact]
    public async Task A_call_that_outlives_its_method_timeout_fails_with_a_timeout_naming_grain_and_method()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName();
        var gate = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);

        var error = await Eventually.Within(Assert.ThrowsAsync<TimeoutException>(() => grain.HoldWithShortTimeout(gate)), "the timeout");
        Probe.Open(gate);

        Assert.Contains("ILifecycleGrain.HoldWithShortTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains($"lifecycle/{key}", error.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:00.3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_response_timeout_is_configurable()
    {
        await using var cluster = await TestClusters.StartAsync(silo => silo.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(400)));
        var gate = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(Probe.NewName());

        var error = await Eventually.Within(Assert.ThrowsAsync<TimeoutException>(() => grain.HoldWithDefaultTimeout(gate)), "the timeout");
        Probe.Open(gate);

        Assert.Contains("HoldWithDefaultTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_caller_and_the_grain_sees_it()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        using var cts = new CancellationTokenSource();

        var call = grain.WaitForCancellation(cts.Token);
        await Eventually.True(() => Probe.Entries(key).Contains("waiting"), "the grain is inside the call");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(call, "the cancelled call"));
        await Eventually.True(() => Probe.Entries(key).Contains("cancelled"), "the grain observes the cancellation");
    }

    [Fact]
    public async Task A_call_whose_token_is_already_cancelled_never_runs()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grain.WaitForCancellation(new CancellationToken(canceled: true)));
        await grain.GetActivationId();

        Assert.DoesNotContain("cancelled", Probe.Entries(key));
    }
}
