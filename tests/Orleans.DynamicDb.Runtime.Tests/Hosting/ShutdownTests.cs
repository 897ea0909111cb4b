using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Hosting;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Shutdown_lets_running_turns_finish_and_deactivates_every_activation_once()
    {
        var cluster = await TestClusters.StartAsync();
        var keys = Enumerable.Range(0, 20).Select(_ => Probe.NewName()).ToArray();
        foreach (var key in keys)
        {
            await cluster.GrainFactory.GetGrain<ILifecycleGrain>(key).GetActivationId();
        }

        var gate = Probe.NewName();
        var running = cluster.GrainFactory.GetGrain<ILifecycleGrain>(keys[0]).Hold("busy", gate);
        await Eventually.True(() => Probe.Entries(keys[0]).Contains("busy:start"), "a turn is running");
        var client = cluster.Client;

        var stopping = cluster.StopAllSilosAsync();
        await Eventually.True(() => Probe.Count(keys[1], "deactivated:ShuttingDown") == 1, "idle grains deactivate at once");
        Assert.False(running.IsCompleted);
        Probe.Open(gate);
        await Eventually.Within(running, "the running turn");
        await Eventually.Within(stopping, "the shutdown");

        Assert.All(keys, key => Assert.Equal(1, Probe.Count(key, "deactivated:ShuttingDown")));
        Assert.Equal(["busy:start", "busy:end", "deactivated:ShuttingDown"], Probe.Entries(keys[0]).Where(e => e != "activating"));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GetGrain<ILifecycleGrain>(keys[0]).GetActivationId());
    }
}
