using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>
/// <see cref="PingGrain"/> with the shape of <c>DatabaseGrain</c>'s own <see cref="IIncomingGrainCallFilter"/>
/// (grains/Databases/DatabaseGrain.Hibernation.cs): per call a check of the interface, a counter, two clock reads
/// and an awaited <c>context.Invoke()</c>, so the cost of that filter on a call can be measured apart from the engine.
/// </summary>
public sealed class FilteredPingGrain : Grain, IFilteredPingGrain, IIncomingGrainCallFilter
{
    private readonly TimeProvider _time = TimeProvider.System;
    private int _callsRunning;
    private DateTimeOffset _lastCall;

    public Task Ping() => Task.CompletedTask;

    public async Task PingAfterDelay() => await Task.Delay(TimeSpan.FromMilliseconds(1));

    public Task<string> SiloName() => Task.FromResult(ServiceProvider.GetRequiredService<ILocalSiloDetails>().Name);

    /// <summary>The hibernation filter's work around every call of the grain's interface.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(IPingGrain))
        {
            await context.Invoke();
            return;
        }

        _callsRunning++;
        _lastCall = _time.GetUtcNow();
        try
        {
            await context.Invoke();
        }
        finally
        {
            _callsRunning--;
            _lastCall = _time.GetUtcNow();
        }
    }
}
