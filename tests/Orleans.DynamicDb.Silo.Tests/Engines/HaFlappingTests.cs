using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>No flapping: a replication group fails over at most once per grace period, even when the new primary dies at once.</summary>
public sealed class HaFlappingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_new_primary_dying_within_the_grace_period_is_not_failed_over_until_the_grace_period_has_passed()
    {
        await using var silo = await HaSilo.StartAsync("--DynamicDb:Engines:0:Health:GracePeriod", "00:00:15");
        (await silo.App.ExecAsync("ticks", "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        var writer = new AcknowledgedWriter(silo, "ticks");
        await writer.WriteAsync(5);
        await HaSilo.SignalAsync((await silo.EnginesAsync())["pg-ha"].GetProperty("pid").GetInt32(), "KILL");
        await writer.WriteUntilAcknowledgedAsync(TimeSpan.FromSeconds(60));
        var second = await silo.EnginesAsync();
        Assert.Equal(2, second["pg-ha"].GetProperty("epoch").GetInt64());

        await HaSilo.SignalAsync(second["pg-ha"].GetProperty("pid").GetInt32(), "KILL");
        await Eventually.True(
            async () =>
            {
                // failing statements feed the circuit, which opens again within the grace period
                await silo.App.ExecAsync("ticks", "INSERT INTO entries (n) VALUES (0)");
                return silo.Process.Output.Contains("Engine failover not repeated within the grace period", StringComparison.Ordinal);
            },
            "the second opening of the circuit is refused a failover",
            TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await silo.EnginesAsync())["pg-ha"].GetProperty("epoch").GetInt64());

        await Eventually.True(
            async () => (await silo.EnginesAsync())["pg-ha"].GetProperty("epoch").GetInt64() == 3,
            "after the grace period the group fails over again",
            TimeSpan.FromSeconds(60));
        var decided = (await silo.EventsAsync())
            .Where(e => e.GetProperty("type").GetString() == "failover" && e.GetProperty("reason").GetString()!.StartsWith("decided:", StringComparison.Ordinal))
            .Select(e => e.GetProperty("at").GetDateTimeOffset())
            .ToList();
        output.WriteLine($"failover decisions at {string.Join(", ", decided.Select(d => d.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Equal(2, decided.Count);
        Assert.True(decided[1] - decided[0] >= Grace, $"two failovers {(decided[1] - decided[0]).TotalSeconds:0.0} s apart, within the {Grace.TotalSeconds} s grace period");
    }
}
