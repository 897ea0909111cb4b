using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>
/// A database activation whose catalog epoch another activation claimed (as a second activation on a silo with a stale
/// view would) stops acknowledging writes within the fence check interval, and the database serves again from a new
/// activation.
/// </summary>
public sealed class DatabaseGrainFencingTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task An_activation_whose_epoch_another_claimed_refuses_writes_and_a_new_activation_serves_the_retry()
    {
        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?> { ["DynamicDb:Databases:HibernationTimeout"] = "00:10:00" });
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/fenced");
        var catalog = cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();
        await db.ExecAsync(new Statement("CREATE TABLE t (v TEXT NOT NULL)"));
        var first = Assert.Single(await catalog.ListActivationsAsync("shop", "fenced"));

        await catalog.ClaimActivationAsync("shop", "fenced", "intruder", "127.0.0.1:1@1", DateTimeOffset.UtcNow);
        var acknowledged = new List<string>();
        DynamicDbException? refusal = null;
        string? refused = null;
        await Eventually.True(
            async () =>
            {
                var value = $"v{acknowledged.Count}";
                try
                {
                    await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", value));
                    acknowledged.Add(value);
                    return false;
                }
                catch (DynamicDbException e)
                {
                    (refusal, refused) = (e, value);
                    return true;
                }
            },
            "the superseded activation refuses a write",
            TimeSpan.FromSeconds(30));
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", "retried"));
        var rows = await db.QueryAsync(new Statement("SELECT v FROM t"));
        var history = await catalog.ListActivationsAsync("shop", "fenced");

        Assert.Equal(ErrorCodes.ActivationSuperseded, refusal!.ErrorCode);
        Assert.True(refusal.IsTransient);
        Assert.Equal([.. acknowledged, "retried"], rows.Rows.Select(r => (string)r[0]!));
        Assert.DoesNotContain(refused, rows.Rows.Select(r => (string)r[0]!));
        Assert.Equal(
            [(1L, first.ActivationId, ActivationEnd.Fenced), (2L, "intruder", ActivationEnd.Abandoned), (3L, history[2].ActivationId, (string?)null)],
            history.Select(a => (a.Epoch, a.ActivationId, a.EndReason)));
        Assert.NotEqual(first.ActivationId, history[2].ActivationId);
    }
}
