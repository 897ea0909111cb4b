using System.Diagnostics;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Reads;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Reads;

/// <summary>
/// Low reads when standbys stop (SIGKILL, on a group of its own): every read still answers, from the remaining standby and,
/// once no standby is left, from the primary.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class StoppedStandbyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Low_reads_keep_answering_from_the_remaining_standby_and_then_the_primary_when_standbys_stop()
    {
        await using var group = await TierRoutingGroup.StartAsync(46800, TimeSpan.FromSeconds(1), output);
        var status = await group.Engine.GetGroupStatusAsync();
        var standbys = status.Members.Where(m => m.Role == MemberRole.Standby).ToList();
        Assert.Equal(2, standbys.Count);
        var primaryPort = status[status.Primary].Port;
        await Eventually.True(async () => await PortAsync(group) != primaryPort, "a Low read lands on a standby", Wait);

        // Reads on the first standby's pool meet the kill: each is answered (on the primary after a failed try, or elsewhere).
        var warm = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PortAsync(group)));
        Process.GetProcessById(standbys[0].Pid!.Value).Kill();
        var ports = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            ports.Add(await PortAsync(group));
        }

        await Eventually.True(async () => await PortAsync(group) == standbys[1].Port, "Low reads land on the remaining standby", Wait);
        Assert.DoesNotContain(standbys[0].Port, ports.Skip(20));

        Process.GetProcessById(standbys[1].Pid!.Value).Kill();
        for (var i = 0; i < 20; i++)
        {
            await PortAsync(group);
        }

        // A read that fails on the killed standby is answered by the primary at once ("standby_failed") before the lag poll
        // has taken the standby out; what must follow is the primary answering because no standby is left.
        await Eventually.True(async () => await PortAsync(group) == primaryPort && NoStandbyRoutes(group) > 0,
            "Low reads go to the primary once no standby is left", Wait);
        output.WriteLine($"warm-up ports {string.Join(",", warm)}; after the first kill {string.Join(",", ports)}; " +
            $"standby reads run again on the primary: {group.Metrics.Sum(TierRoutingMetrics.RoutedInstrument, ("reason", "standby_failed"))}");
    }

    private static double NoStandbyRoutes(TierRoutingGroup group) =>
        group.Metrics.Sum(TierRoutingMetrics.RoutedInstrument, ("tier", "low"), ("target", "primary"), ("reason", "no_standby"));

    private static async Task<int> PortAsync(TierRoutingGroup group) =>
        (int)(long)(await group.Database.QueryAsync(new Statement("SELECT inet_server_port()").From(null, Tier.Low))).Rows[0][0]!;
}
