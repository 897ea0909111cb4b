using System.Diagnostics;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Waits until databases have hibernated: the catalog says so and their grains have no activation left.</summary>
internal static class Hibernation
{
    /// <summary>Polls every <paramref name="poll"/>; returns how long it took, or throws after <paramref name="limit"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(DatabaseCluster cluster, string app, IReadOnlyCollection<string> databases, TimeSpan limit, TimeSpan poll)
    {
        var started = Stopwatch.GetTimestamp();
        var wanted = databases.ToHashSet(StringComparer.Ordinal);
        var grains = databases.Select(d => cluster.Database(app, d)).ToArray();
        while (true)
        {
            var entries = await cluster.Catalog.ListAsync(app);
            var hibernated = entries.Count(e => wanted.Contains(e.Database) && e.Status == DatabaseStatus.Hibernated);
            if (hibernated == wanted.Count && grains.All(cluster.IsInactive))
            {
                return Stopwatch.GetElapsedTime(started);
            }

            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Only {hibernated} of {wanted.Count} databases of app '{app}' hibernated within {limit.TotalSeconds:0} s.");
            }

            await Task.Delay(poll);
        }
    }
}
