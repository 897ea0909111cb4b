using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>
/// Auto-fallback: after a failover the fenced former primary is rebuilt as a standby, and after
/// <c>AutoFallbackInterval</c> the group switches back to it in a planned switchover; nothing acknowledged is lost.
/// </summary>
public sealed class HaAutoFallbackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_old_primary_rejoins_as_a_standby_and_after_the_interval_the_group_switches_back_to_it()
    {
        await using var silo = await HaSilo.StartAsync(
            "--DynamicDb:Engines:0:AutoFallbackInterval", "00:00:05",
            "--DynamicDb:Engines:0:Health:GracePeriod", "00:00:05");
        (await silo.App.ExecAsync("ledger", "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        var writer = new AcknowledgedWriter(silo, "ledger");
        await writer.WriteAsync(10);
        await HaSilo.SignalAsync((await silo.EnginesAsync())["pg-ha"].GetProperty("pid").GetInt32(), "KILL");
        await writer.WriteUntilAcknowledgedAsync(TimeSpan.FromSeconds(60));

        await Eventually.True(
            async () => (await silo.EnginesAsync())["pg-ha.m0"].GetProperty("role").GetString() == "standby",
            "the fenced m0 rejoins as a standby",
            TimeSpan.FromSeconds(60));
        await writer.WriteAsync(5);
        await Eventually.True(
            async () =>
            {
                var engines = await silo.EnginesAsync();
                return engines["pg-ha"].GetProperty("epoch").GetInt64() == 3 && engines["pg-ha.m0"].GetProperty("role").GetString() == "primary";
            },
            "the group switches back to m0 at epoch 3",
            TimeSpan.FromSeconds(60));
        await writer.WriteUntilAcknowledgedAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(
            async () => (await silo.EventsAsync()).Count(e => e.GetProperty("type").GetString() == "rebuild" && e.GetProperty("reason").GetString()!.StartsWith("done:", StringComparison.Ordinal)) == 2,
            "the member fenced by the switch back rejoins too",
            TimeSpan.FromSeconds(60));
        var engines = await silo.EnginesAsync();
        Assert.All(engines.Where(e => e.Key.StartsWith("pg-ha.", StringComparison.Ordinal)), e => Assert.NotEqual("fenced", e.Value.GetProperty("role").GetString()));
        await writer.WriteAsync(5);

        var present = (await silo.App.RowsAsync("ledger", "SELECT n FROM entries")).Select(r => r.GetProperty("n").GetInt32()).ToList();
        Assert.All(writer.Acknowledged, n => Assert.Equal(1, present.Count(p => p == n)));
        var steps = (await silo.EventsAsync()).Where(e => e.GetProperty("type").GetString() is "failover" or "rebuild").ToList();
        foreach (var e in steps)
        {
            output.WriteLine($"{e.GetProperty("at")} {e.GetProperty("type")} {e.GetProperty("from")} -> {e.GetProperty("to")} ({e.GetProperty("duration_ms")} ms): {e.GetProperty("reason")}");
        }

        Assert.Contains(steps, e => e.GetProperty("type").GetString() == "failover" && e.GetProperty("reason").GetString()!.Contains("auto-fallback", StringComparison.Ordinal)
            && e.GetProperty("reason").GetString()!.Contains("switch over from m1 to m0 (planned", StringComparison.Ordinal));
        Assert.Equal(2, steps.Count(e => e.GetProperty("type").GetString() == "rebuild" && e.GetProperty("reason").GetString()!.StartsWith("done:", StringComparison.Ordinal)));
    }
}
