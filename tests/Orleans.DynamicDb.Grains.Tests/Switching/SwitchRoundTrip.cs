using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>
/// A database moved from one engine to another and back under acknowledged writes and reads (<see cref="AcknowledgedWriter"/>):
/// both switches succeed, the catalog names the engine after each, no write or read fails, every acknowledged write is
/// present exactly once and the 5000 seeded rows are all there.
/// </summary>
internal static class SwitchRoundTrip
{
    /// <param name="createTable">The <c>items</c> table in the first engine's dialect (an <c>id</c> key and a text <c>v</c>).</param>
    /// <param name="seed">The statement inserting ids 1–5000 into <c>items</c>, in that dialect.</param>
    public static async Task RunAsync(DatabaseTestCluster cluster, ITestOutputHelper output, string from, string to, string createTable, string seed)
    {
        var database = "sw" + Guid.NewGuid().ToString("N")[..10];
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/{database}");
        await db.CreateAsync(from);
        await db.ExecAsync(new Statement(createTable));
        await db.ExecAsync(new Statement(seed));
        var catalog = cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();
        await using var writer = new AcknowledgedWriter(db, firstId: 1_000_000);
        await Eventually.True(() => writer.Acknowledged.Count > 50, "the writers are under way");

        var there = await db.SwitchAndWaitAsync(new SwitchRequest(to, RequestedBy: "test"));
        var afterThere = writer.Acknowledged.Count;
        await Eventually.True(() => writer.Acknowledged.Count > afterThere + 100, $"writes go on on {to}");
        var engineThere = (await catalog.GetAsync("shop", database))!.Engine;
        var back = await db.SwitchAndWaitAsync(new SwitchRequest(from, RequestedBy: "test"));
        var afterBack = writer.Acknowledged.Count;
        await Eventually.True(() => writer.Acknowledged.Count > afterBack + 100, $"writes go on back on {from}");
        await writer.StopAsync();

        output.WriteLine($"{from}->{to}: {there.SwitchDurationMs} ms, write pause {there.WritePauseMs:F1} ms, {there.RowsCopied} rows; {to}->{from}: {back.SwitchDurationMs} ms, write pause {back.WritePauseMs:F1} ms, {back.RowsCopied} rows; {writer.Acknowledged.Count} acknowledged writes, {writer.Reads} reads");
        Assert.True(there.Success, there.Error);
        Assert.True(back.Success, back.Error);
        Assert.Equal(to, engineThere);
        Assert.Equal(from, (await catalog.GetAsync("shop", database))!.Engine);
        Assert.Empty(writer.Failures);
        var ids = (await db.QueryAsync(new Statement("SELECT id FROM items WHERE id >= 1000000 ORDER BY id"))).Rows.Select(r => Convert.ToInt64(r[0])).ToList();
        Assert.Equal(writer.Acknowledged.Order(), ids);
        Assert.Equal(5000L, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM items WHERE id < 1000000"))).Rows[0][0]));
    }
}
