using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>
/// Interactive transactions of a <c>postgres-ha</c> database through the database grain, on a real replication group (a
/// primary and two synchronous standbys): one commits; one open across a failover ends with <c>transaction.aborted</c>
/// naming the failover, and every write acknowledged before it is still there on the new primary.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class HaTransactionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task A_transaction_open_across_a_failover_is_aborted_naming_the_failover_and_every_acknowledged_write_stays()
    {
        await using var cluster = await StartAsync();
        var engine = (HaPostgresEngine)cluster.ServiceProvider.GetRequiredService<IEngineRegistry>().Get("pg-ha");
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/hatx");
        await db.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER PRIMARY KEY)"));
        await db.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (1)"));

        // A transaction that commits on the primary of epoch 1.
        var committed = await db.BeginTransactionAsync(new TransactionOptions("committer"));
        await db.ExecInTransactionAsync(committed.Id, new Statement("INSERT INTO entries (n) VALUES (2)"));
        await db.ExecInTransactionAsync(committed.Id, new Statement("INSERT INTO entries (n) VALUES (3)"));
        await db.CommitTransactionAsync(committed.Id);

        // A transaction left open (with a row written) when the group fails over.
        var open = await db.BeginTransactionAsync(new TransactionOptions("cut"));
        await db.ExecInTransactionAsync(open.Id, new Statement("INSERT INTO entries (n) VALUES (100)"));
        var before = engine.Primary;
        var promoted = await engine.PromoteAsync(null);
        var aborted = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync(open.Id, new Statement("INSERT INTO entries (n) VALUES (101)")));
        var commitAfter = await Assert.ThrowsAsync<DynamicDbException>(() => db.CommitTransactionAsync(open.Id));
        output.WriteLine(aborted.Message);
        output.WriteLine(commitAfter.Message);

        // The database keeps serving on the new primary, with every acknowledged write and nothing of the aborted one.
        await db.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (4)"));
        var rows = await db.QueryAsync(new Statement("SELECT n FROM entries ORDER BY n"));

        Assert.NotEqual(before, promoted.Primary);
        Assert.Equal(2, promoted.Epoch);
        Assert.Equal(ErrorCodes.TransactionAborted, aborted.ErrorCode);
        Assert.Contains("failover", aborted.Message, StringComparison.Ordinal);
        Assert.Contains("pg-ha", aborted.Message, StringComparison.Ordinal);
        Assert.Equal((ErrorCodes.TransactionAborted, aborted.Message), (commitAfter.ErrorCode, commitAfter.Message)); // its id remembers why it ended
        Assert.Equal([1, 2, 3, 4], rows.Rows.Select(r => Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    public void Dispose() => _root.Dispose();

    private Task<DatabaseTestCluster> StartAsync() => DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
    {
        ["DynamicDb:Engines:0:Id"] = "pg-ha",
        ["DynamicDb:Engines:0:Kind"] = EngineKinds.PostgresHa,
        ["DynamicDb:Engines:0:DataDirectory"] = Path.Combine(_root.Path, "group"),
        ["DynamicDb:Engines:0:BinDirectory"] = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory,
        ["DynamicDb:Engines:0:PortRangeStart"] = "38000",
        ["DynamicDb:Engines:0:PortRangeEnd"] = "38999",
        ["DynamicDb:KeyRingDirectory"] = Path.Combine(_root.Path, "keys"),
    });
}
