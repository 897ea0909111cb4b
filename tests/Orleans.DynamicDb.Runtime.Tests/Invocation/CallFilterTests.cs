using System.Collections.Concurrent;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Invocation;

public sealed class CallFilterTests
{
    [Fact]
    public async Task An_incoming_call_filter_sees_every_call_and_can_change_its_result()
    {
        var filter = new RecordingFilter();
        await using var cluster = await TestClusters.StartAsync(silo => silo.AddIncomingGrainCallFilter(filter));
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<IEchoGrain>(key);

        var result = await grain.Echo("hello");
        await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Increment();

        Assert.Equal("hello!", result);
        Assert.Contains($"echo/{key} IEchoGrain.Echo(hello) EchoGrain.Echo", filter.Calls);
        Assert.Contains(filter.Calls, c => c.StartsWith($"counter/{key} ICounterGrain.Increment()", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filter_that_throws_fails_the_call_with_its_exception()
    {
        await using var cluster = await TestClusters.StartAsync(silo => silo.AddIncomingGrainCallFilter(new ThrowingFilter()));

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => cluster.GrainFactory.GetGrain<IEchoGrain>(Probe.NewName()).Echo("x"));

        Assert.Equal("denied by filter", error.Message);
    }

    private sealed class RecordingFilter : IIncomingGrainCallFilter
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            Calls.Enqueue($"{context.TargetId} {context.InterfaceMethod.DeclaringType!.Name}.{context.MethodName}({string.Join(",", context.Arguments)}) {context.ImplementationMethod.DeclaringType!.Name}.{context.ImplementationMethod.Name}");
            await context.Invoke();
            if (context.Result is string text)
            {
                context.Result = text + "!";
            }
        }
    }

    private sealed class ThrowingFilter : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context) => throw new UnauthorizedAccessException("denied by filter");
    }
}
