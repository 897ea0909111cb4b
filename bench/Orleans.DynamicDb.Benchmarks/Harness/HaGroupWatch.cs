using System.Diagnostics;
using System.Text.Json;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Polls the admin API until the silo's replication group is whole (and ready for the next measurement).</summary>
internal sealed class HaGroupWatch(HaSiloProcess silo, EngineEventFeed feed, AcknowledgedWriters writers)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The group's epoch now.</summary>
    public async Task<long> EpochAsync() => (await silo.EnginesAsync())[HaSiloProcess.EngineId].GetProperty("epoch").GetInt64();

    /// <summary>
    /// Waits until the group is whole at epoch <paramref name="epoch"/> or later: no fenced member, one primary, every
    /// standby Healthy (streaming), the circuit Closed. Answers the Stopwatch timestamp it was first seen whole.
    /// </summary>
    public async Task<long> WaitWholeAsync(long epoch, TimeSpan deadline)
    {
        var started = Stopwatch.GetTimestamp();
        string last = "";
        while (Stopwatch.GetElapsedTime(started) < deadline)
        {
            var engines = await silo.EnginesAsync();
            var (whole, description) = Whole(engines, epoch);
            if (whole)
            {
                return Stopwatch.GetTimestamp();
            }

            last = description;
            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"The group was not whole at epoch {epoch} within {deadline.TotalSeconds} s; last seen: {last}");
    }

    /// <summary>
    /// Waits until the group is whole, a grace period (plus half a second) has passed since the last failover decision (an
    /// earlier opening would not fail over), and writes have been acknowledged for <paramref name="settle"/> since.
    /// </summary>
    public async Task WaitReadyAsync(TimeSpan grace, TimeSpan settle, TimeSpan deadline)
    {
        await WaitWholeAsync(await EpochAsync(), deadline);
        await feed.PollAsync();
        var lastFailover = feed.Events.Where(e => e.Engine == HaSiloProcess.EngineId && e.Type == "failover").Select(e => (DateTimeOffset?)e.At).Max();
        var due = (lastFailover ?? DateTimeOffset.MinValue) + grace + TimeSpan.FromMilliseconds(500);
        var wait = due - DateTimeOffset.UtcNow;
        await Task.Delay(wait > settle ? wait : settle);
        var acknowledged = writers.Count;
        var started = Stopwatch.GetTimestamp();
        while (writers.Count == acknowledged)
        {
            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                throw new TimeoutException($"No write was acknowledged within {deadline.TotalSeconds} s of the group being whole; failures: {writers.DescribeFailures()}");
            }

            await Task.Delay(PollInterval);
        }

        await WaitWholeAsync(await EpochAsync(), deadline);
    }

    /// <summary>The standby a planned switchover goes to: m0 when it is a standby (the preferred member), else the first standby.</summary>
    public async Task<string> SwitchoverTargetAsync()
    {
        var standbys = Members(await silo.EnginesAsync()).Where(m => m.GetProperty("role").GetString() == "standby")
            .Select(m => m.GetProperty("id").GetString()!["pg-ha.".Length..]).Order(StringComparer.Ordinal).ToList();
        return standbys.FirstOrDefault() ?? throw new InvalidOperationException("The group has no standby to switch over to.");
    }

    private static IEnumerable<JsonElement> Members(Dictionary<string, JsonElement> engines) =>
        engines.Values.Where(e => e.GetProperty("group").GetString() == HaSiloProcess.EngineId && e.GetProperty("id").GetString() != HaSiloProcess.EngineId);

    private static (bool Whole, string Description) Whole(Dictionary<string, JsonElement> engines, long epoch)
    {
        var group = engines[HaSiloProcess.EngineId];
        var members = Members(engines).ToList();
        var description = $"epoch {group.GetProperty("epoch").GetInt64()}, circuit {group.GetProperty("circuit").GetString()}, "
            + string.Join(", ", members.Select(m => $"{m.GetProperty("id").GetString()} {m.GetProperty("role").GetString()}/{m.GetProperty("state").GetString()}"));
        var whole = group.GetProperty("epoch").GetInt64() >= epoch
            && group.GetProperty("circuit").GetString() == "Closed"
            && members.Count(m => m.GetProperty("role").GetString() == "primary") == 1
            && members.All(m => m.GetProperty("role").GetString() is "primary"
                || (m.GetProperty("role").GetString() == "standby" && m.GetProperty("state").GetString() == "Healthy"));
        return (whole, description);
    }
}
