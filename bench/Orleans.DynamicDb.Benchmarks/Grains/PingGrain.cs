using Microsoft.Extensions.DependencyInjection;

namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>Does nothing, so a call measures the runtime alone.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task Ping() => Task.CompletedTask;

    public async Task PingAfterDelay() => await Task.Delay(TimeSpan.FromMilliseconds(1));

    public Task<string> SiloName() => Task.FromResult(ServiceProvider.GetRequiredService<ILocalSiloDetails>().Name);
}
