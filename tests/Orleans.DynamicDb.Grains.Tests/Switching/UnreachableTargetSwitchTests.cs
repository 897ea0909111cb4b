using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>A switch to a registered PostgreSQL engine whose server does not answer (a free loopback port) is refused, the database left where it was.</summary>
public sealed class UnreachableTargetSwitchTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private DatabaseTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SwitchClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
    {
        ["DynamicDb:Engines:0:Id"] = "sqlite",
        ["DynamicDb:Engines:0:Kind"] = "sqlite",
        ["DynamicDb:Engines:0:Default"] = "true",
        ["DynamicDb:Engines:1:Id"] = "down",
        ["DynamicDb:Engines:1:Kind"] = "postgres",
        ["DynamicDb:Engines:1:ConnectionString"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=nobody;Password=x;Timeout=2",
        ["DynamicDb:Databases:HibernationTimeout"] = "00:10:00",
    });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _root.Dispose();
    }

    [Theory]
    [InlineData(true, "Failed")]
    [InlineData(false, "")]
    public async Task An_unreachable_target_fails_the_switch_with_every_write_on_the_source(bool validateTarget, string named)
    {
        var db = _cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/down{(validateTarget ? "v" : "n")}");
        await db.CreateAsync("sqlite");
        await db.ExecAsync(new Statement("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
        await db.ExecAsync(Statement.Of("INSERT INTO items (id, v) VALUES (?, ?)", 1, "kept"));

        var result = await db.SwitchAndWaitAsync(new SwitchRequest("down", ValidateTarget: validateTarget, TimeoutSeconds: 60));

        Assert.False(result.Success);
        Assert.Equal((SwitchStates.Failed, "sqlite"), (result.State, result.NewEngine));
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        if (validateTarget)
        {
            Assert.StartsWith(ErrorCodes.SwitchRefused, result.Error, StringComparison.Ordinal);
            Assert.Contains("'down'", result.Error, StringComparison.Ordinal);
        }

        Assert.Equal("sqlite", (await _cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>().GetAsync("shop", $"down{(validateTarget ? "v" : "n")}"))!.Engine);
        await db.ExecAsync(Statement.Of("INSERT INTO items (id, v) VALUES (?, ?)", 2, "after"));
        Assert.Equal(2L, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM items"))).Rows[0][0]));
    }
}
