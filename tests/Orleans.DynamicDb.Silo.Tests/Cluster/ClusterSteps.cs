using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>Steps and checks the process-level cluster tests share.</summary>
internal static class ClusterSteps
{
    /// <summary>Creates the <c>writes</c> table of <paramref name="database"/> (creating the database), retrying until a silo acknowledges.</summary>
    public static Task CreateTableAsync(GatewayClient client, SiloCluster cluster, string database, int through = 0) => Eventually.True(
        () => client.TryExecAsync(cluster.Address(through), database, AcknowledgedWriter.CreateTable),
        $"the table of {database} is created",
        TimeSpan.FromMinutes(2));

    /// <summary>The running silo the grain directory names as the host of <paramref name="database"/>, waited for with a deadline.</summary>
    public static async Task<int> HostAsync(SiloCluster cluster, string database)
    {
        int? host = null;
        await Eventually.True(
            async () => (host = await cluster.HostOfAsync(database)) is { } index && cluster.IsRunning(index),
            $"the grain directory names a running silo as the host of {database}",
            TimeSpan.FromMinutes(2));
        return host!.Value;
    }

    /// <summary>Asserts that every acknowledged value is in <c>writes</c>, read through <paramref name="silo"/>.</summary>
    public static async Task AssertAllPresentAsync(GatewayClient client, Uri silo, string database, IReadOnlyCollection<string> acknowledged)
    {
        IReadOnlyList<string> stored = [];
        await Eventually.True(
            async () =>
            {
                try
                {
                    stored = await client.QueryColumnAsync(silo, database, "SELECT v FROM writes");
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            $"a query through {silo} answers",
            TimeSpan.FromMinutes(2));
        var missing = acknowledged.Except(stored).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged writes are missing through {silo}: {string.Join(", ", missing.Take(20))}");
    }

    /// <summary>
    /// Asserts from the catalog's activation history that <paramref name="database"/> never had two activations at once:
    /// no activation found itself fenced, epochs follow each other without a gap, and every activation that did not
    /// record its own end (abandoned) ran on a silo the test killed — an activation on a live silo that a newer one
    /// superseded would be a second activation. Returns the history.
    /// </summary>
    public static async Task<IReadOnlyList<DatabaseActivation>> AssertSingleActivationAsync(SiloCluster cluster, string database, IReadOnlySet<int> killed)
    {
        using var catalog = cluster.Catalog();
        var history = await catalog.ListActivationsAsync(SiloCluster.App, database);
        var described = string.Join("; ", history.Select(a => $"epoch {a.Epoch} on silo {cluster.IndexOfSilo(a.Silo)} ({a.Silo}) {a.EndReason ?? "running"}"));

        Assert.NotEmpty(history);
        Assert.True(history.All(a => a.EndReason != ActivationEnd.Fenced), $"an activation was fenced (a second activation ran): {described}");
        Assert.Equal(Enumerable.Range(1, history.Count).Select(e => (long)e), history.Select(a => a.Epoch));
        Assert.True(
            history.Where(a => a.EndReason == ActivationEnd.Abandoned).All(a => cluster.IndexOfSilo(a.Silo) is { } silo && killed.Contains(silo)),
            $"an activation on a silo that was not killed was superseded without ending: {described}");
        Assert.True(history.SkipLast(1).All(a => a.EndedAt is not null), $"an activation other than the last has no end: {described}");
        Assert.Equal(history.Count, history.Select(a => a.ActivationId).Distinct().Count());
        return history;
    }
}
