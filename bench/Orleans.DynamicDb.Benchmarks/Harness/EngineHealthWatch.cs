using System.Diagnostics;
using System.Text.Json;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Polls <c>GET /v1/engines</c> until engines are Healthy with their circuit Closed (a switch's target must be).</summary>
internal sealed class EngineHealthWatch(HaSiloProcess silo)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Waits until every engine of <paramref name="ids"/> is Healthy and Closed, and every member of a group among them
    /// (<c>{id}.{member}</c>) is a Healthy primary or standby; fails naming what it saw last.
    /// </summary>
    public async Task WaitHealthyAsync(IReadOnlyList<string> ids, TimeSpan deadline)
    {
        var started = Stopwatch.GetTimestamp();
        var last = "";
        while (Stopwatch.GetElapsedTime(started) < deadline)
        {
            var engines = await silo.EnginesAsync();
            var seen = engines.Values.Where(e => ids.Contains(e.GetProperty("id").GetString()!) || ids.Contains(e.GetProperty("group").GetString() ?? "")).ToList();
            last = string.Join(", ", seen.Select(Describe));
            if (ids.All(engines.ContainsKey) && seen.All(Healthy))
            {
                return;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"Engines {string.Join(", ", ids)} were not Healthy with a Closed circuit within {deadline.TotalSeconds} s; last seen: {last}");
    }

    private static bool Healthy(JsonElement e) =>
        e.GetProperty("state").GetString() == "Healthy" && e.GetProperty("circuit").GetString() == "Closed"
        && e.GetProperty("role").GetString() is "standalone" or "primary" or "standby";

    private static string Describe(JsonElement e) =>
        $"{e.GetProperty("id").GetString()} {e.GetProperty("role").GetString()}/{e.GetProperty("state").GetString()}/{e.GetProperty("circuit").GetString()}";
}
