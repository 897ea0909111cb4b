using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.Switching.Moving;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>Moving a live database between two embedded SQLite engines through its grain (an in-process cluster, real files).</summary>
public sealed class SqliteSwitchTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private DatabaseTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SwitchClusterFactory.StartAsync(_root.Path, SwitchClusterFactory.TwoSqlite());

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _root.Dispose();
    }

    private SwitchHooks Hooks => _cluster.ServiceProvider.GetRequiredService<SwitchHooks>();

    private IDatabaseCatalog Catalog => _cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();

    private IEngineRegistry Engines => _cluster.ServiceProvider.GetRequiredService<IEngineRegistry>();

    [Fact]
    public async Task A_database_moves_under_acknowledged_writes_and_reads_with_nothing_lost_nothing_duplicated_and_no_read_failing()
    {
        var db = await SeededAsync("shop/orders", rows: 3000);
        await using var writer = new AcknowledgedWriter(db, firstId: 1_000_000);
        await Eventually.True(() => writer.Acknowledged.Count > 50, "the writer is under way before the switch");

        var result = await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2", RequestedBy: "test"));
        var afterSwitch = writer.Acknowledged.Count;
        await Eventually.True(() => writer.Acknowledged.Count > afterSwitch + 50, "writes go on after the switch");
        await writer.StopAsync();

        Assert.True(result.Success, result.Error);
        Assert.Equal((SwitchStates.Completed, "sqlite", "sqlite2"), (result.State, result.OldEngine, result.NewEngine));
        Assert.True(result.Validation!.Passed);
        Assert.True(result.RowsCopied >= 3000);
        Assert.True(result.WritePauseMs > 0);
        Assert.Empty(writer.Failures);
        Assert.True(writer.Reads > 0);
        Assert.Equal("sqlite2", (await Catalog.GetAsync("shop", "orders"))!.Engine);
        var ids = (await db.QueryAsync(new Statement("SELECT id FROM items WHERE id >= 1000000 ORDER BY id"))).Rows.Select(r => Convert.ToInt64(r[0])).ToList();
        Assert.Equal(writer.Acknowledged.Order(), ids);
        Assert.Equal(3000, (await db.QueryAsync(new Statement("SELECT COUNT(*) FROM items WHERE id < 1000000"))).Rows[0][0] is var c ? Convert.ToInt64(c) : -1);
        var history = await _cluster.ServiceProvider.GetRequiredService<ISwitchLog>().GetAsync(result.Id);
        Assert.Equal((SwitchStates.Completed, SwitchPhases.Done, "test"), (history!.State, history.Phase, history.RequestedBy));
    }

    [Fact]
    public async Task A_write_completes_while_the_switch_is_copying_and_a_caller_waits_for_it()
    {
        var db = await SeededAsync("shop/busy", rows: 100);
        var copying = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        Hooks.PhaseEntered = async (_, phase) =>
        {
            if (phase == SwitchPhases.Copying)
            {
                copying.TrySetResult();
                await release.Task;
            }
        };

        var started = await db.SwitchEngineAsync(new SwitchRequest("sqlite2"));
        await Eventually.Within(copying.Task, "the switch reaches the copy");
        var waiting = db.WaitForSwitchAsync(started.Id, TimeSpan.FromSeconds(30));

        var write = await Eventually.Within(db.ExecAsync(Statement.Of("INSERT INTO items (id, v) VALUES (?, ?)", 5000, "during")), "a write while the switch copies and a caller waits", TimeSpan.FromSeconds(10));
        var read = await Eventually.Within(db.QueryAsync(new Statement("SELECT COUNT(*) FROM items")), "a read while the switch copies", TimeSpan.FromSeconds(10));
        Assert.Equal(1, write.RowsAffected);
        Assert.Equal(101L, Convert.ToInt64(read.Rows[0][0]));
        Assert.Equal(SwitchStates.Running, started.State);
        Assert.False(waiting.IsCompleted);

        release.SetResult();
        var result = await waiting;
        result = SwitchStates.IsFinal(result.State) ? result : await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2", SwitchId: started.Id));
        Assert.True(result.Success, result.Error);
        Assert.Equal(1L, Convert.ToInt64((await db.QueryAsync(Statement.Of("SELECT COUNT(*) FROM items WHERE v = ?", "during"))).Rows[0][0]));
    }

    [Fact]
    public async Task A_schema_change_during_the_switch_rolls_it_back_with_every_write_on_the_source()
    {
        var db = await SeededAsync("shop/ddl", rows: 200);
        Hooks.PhaseEntered = async (_, phase) =>
        {
            if (phase == SwitchPhases.CatchingUp)
            {
                await db.ExecAsync(new Statement("ALTER TABLE items ADD COLUMN extra TEXT"));
                await db.ExecAsync(Statement.Of("INSERT INTO items (id, v, extra) VALUES (?, ?, ?)", 9000, "after-ddl", "x"));
            }
        };

        var result = await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2"));

        Assert.False(result.Success);
        Assert.Equal((SwitchStates.RolledBack, "sqlite"), (result.State, result.NewEngine));
        Assert.StartsWith(ErrorCodes.SwitchAborted, result.Error, StringComparison.Ordinal);
        Assert.Contains("items", result.Error, StringComparison.Ordinal);
        Assert.Equal("sqlite", (await Catalog.GetAsync("shop", "ddl"))!.Engine);
        Assert.Equal(201L, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM items"))).Rows[0][0]));
        Assert.False(await Engines.Get("sqlite2").ExistsAsync(DatabaseName.Parse("shop/ddl")), "the target's copy is set aside");
        Assert.DoesNotContain(await TablesAsync("sqlite", "shop/ddl"), t => t.StartsWith("_dyndb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_validation_mismatch_switches_back_with_the_writes_made_on_the_target_kept()
    {
        var db = await SeededAsync("shop/tampered", rows: 300);
        Hooks.InCutOver = async _ =>
        {
            // A target row changed behind the grain's back before the switch mark: post-validation must see it.
            await using var direct = await ((IDirectAccessEngine)Engines.Get("sqlite2")).OpenDirectAsync(DatabaseName.Parse("shop/tampered"), CancellationToken.None);
            await using var tamper = direct.CreateCommand();
            tamper.CommandText = "UPDATE items SET v = 'tampered' WHERE id = 1";
            await tamper.ExecuteNonQueryAsync();
        };
        Hooks.BeforePostValidation = async _ =>
        {
            // Acknowledged writes on the target after the cut-over: the switch back must carry them to the source.
            for (var id = 7000; id < 7020; id++)
            {
                await db.ExecAsync(Statement.Of("INSERT INTO items (id, v) VALUES (?, ?)", id, "on-target"));
            }
        };

        var result = await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2"));

        Assert.Equal((SwitchStates.RolledBack, "sqlite"), (result.State, result.NewEngine));
        Assert.False(result.Validation!.Passed);
        Assert.Contains(result.Validation.Mismatches, m => m.Contains("items", StringComparison.Ordinal));
        Assert.True(result.WritePauseMs > 0);
        Assert.Equal("sqlite", (await Catalog.GetAsync("shop", "tampered"))!.Engine);
        Assert.Equal(20L, Convert.ToInt64((await db.QueryAsync(Statement.Of("SELECT COUNT(*) FROM items WHERE v = ?", "on-target"))).Rows[0][0]));
        await db.ExecAsync(Statement.Of("INSERT INTO items (id, v) VALUES (?, ?)", 8000, "back-on-source"));
        Assert.Equal(321L, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM items"))).Rows[0][0]));
        Assert.Equal("seed1", (await db.QueryAsync(new Statement("SELECT v FROM items WHERE id = 1"))).Rows[0][0]);
        Assert.False(await Engines.Get("sqlite2").ExistsAsync(DatabaseName.Parse("shop/tampered")));
    }

    [Fact]
    public async Task A_table_that_cannot_move_is_refused_before_anything_is_touched()
    {
        var db = await SeededAsync("shop/nokey", rows: 10);
        await db.ExecAsync(new Statement("CREATE TABLE loose (a TEXT)"));

        var result = await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2"));

        Assert.Equal((SwitchStates.Failed, "sqlite"), (result.State, result.NewEngine));
        Assert.StartsWith(ErrorCodes.SwitchRefused, result.Error, StringComparison.Ordinal);
        Assert.Contains("loose", result.Error, StringComparison.Ordinal);
        Assert.False(await Engines.Get("sqlite2").ExistsAsync(DatabaseName.Parse("shop/nokey")));
        Assert.DoesNotContain(await TablesAsync("sqlite", "shop/nokey"), t => t.StartsWith("_dyndb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_the_field_and_a_second_switch_names_the_running_one()
    {
        var db = await SeededAsync("shop/bad", rows: 1);
        var missing = _cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/missing");

        var unknown = await Assert.ThrowsAsync<DynamicDbException>(() => db.SwitchEngineAsync(new SwitchRequest("nope")));
        var same = await Assert.ThrowsAsync<DynamicDbException>(() => db.SwitchEngineAsync(new SwitchRequest("sqlite")));
        var mode = await Assert.ThrowsAsync<DynamicDbException>(() => db.SwitchEngineAsync(new SwitchRequest("sqlite2", Mode: "hot")));
        var zero = await Assert.ThrowsAsync<DynamicDbException>(() => db.SwitchEngineAsync(new SwitchRequest("sqlite2", TimeoutSeconds: 0)));
        var huge = await Assert.ThrowsAsync<DynamicDbException>(() => db.SwitchEngineAsync(new SwitchRequest("sqlite2", TimeoutSeconds: 99999)));
        var notFound = await Assert.ThrowsAsync<DynamicDbException>(() => missing.SwitchEngineAsync(new SwitchRequest("sqlite2")));

        Assert.Equal((ErrorCodes.EngineUnknown, true), (unknown.ErrorCode, unknown.Message.Contains("'nope'", StringComparison.Ordinal)));
        Assert.Equal((ErrorCodes.RequestInvalid, true), (same.ErrorCode, same.Message.Contains("already lives on engine 'sqlite'", StringComparison.Ordinal)));
        Assert.Contains("'switch_mode' 'hot'", mode.Message, StringComparison.Ordinal);
        Assert.Contains("'timeout_seconds'", zero.Message, StringComparison.Ordinal);
        Assert.Contains("99999", huge.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.DatabaseNotFound, notFound.ErrorCode);

        var release = new TaskCompletionSource();
        Hooks.PhaseEntered = (_, phase) => phase == SwitchPhases.Copying ? release.Task : Task.CompletedTask;
        var first = await db.SwitchEngineAsync(new SwitchRequest("sqlite2"));
        var second = await Assert.ThrowsAsync<DynamicDbException>(() => db.SwitchEngineAsync(new SwitchRequest("sqlite2")));
        var drop = await Assert.ThrowsAsync<DynamicDbException>(() => db.DropAsync());
        release.SetResult();

        Assert.Equal(ErrorCodes.SwitchConflict, second.ErrorCode);
        Assert.Contains(first.Id, second.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.SwitchConflict, drop.ErrorCode);
        Assert.True((await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2", SwitchId: first.Id))).Success);
    }

    [Fact]
    public async Task Switching_back_is_the_same_operation_in_reverse_and_both_switches_are_measured()
    {
        var db = await SeededAsync("shop/roundtrip", rows: 500);
        using var metrics = new MetricRecorder(
            _cluster.ServiceProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            SwitchMetrics.SwitchesInstrument, SwitchMetrics.RowsCopiedInstrument, SwitchMetrics.RunningInstrument);

        var there = await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2"));
        await db.ExecAsync(Statement.Of("INSERT INTO items (id, v) VALUES (?, ?)", 600, "on-sqlite2"));
        var back = await db.SwitchAndWaitAsync(new SwitchRequest("sqlite"));

        Assert.True(there.Success, there.Error);
        Assert.True(back.Success, back.Error);
        Assert.Equal("sqlite", (await Catalog.GetAsync("shop", "roundtrip"))!.Engine);
        Assert.Equal(501L, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM items"))).Rows[0][0]));
        Assert.Equal(2, metrics.Sum(SwitchMetrics.SwitchesInstrument, ("result", SwitchStates.Completed)));
        Assert.Equal(1001, metrics.Sum(SwitchMetrics.RowsCopiedInstrument));
        Assert.Equal(0, metrics.Sum(SwitchMetrics.RunningInstrument));
    }

    private async Task<IDatabaseGrain> SeededAsync(string key, int rows)
    {
        var db = _cluster.GrainFactory.GetGrain<IDatabaseGrain>(key);
        await db.CreateAsync("sqlite");
        await db.ExecAsync(new Statement("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
        await db.ExecAsync(Statement.Of($"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) INSERT INTO items (id, v) SELECT x, 'seed' || x FROM c"));
        return db;
    }

    private async Task<List<string>> TablesAsync(string engine, string database)
    {
        await using var direct = await ((IDirectAccessEngine)Engines.Get(engine)).OpenDirectAsync(DatabaseName.Parse(database), CancellationToken.None);
        await using var command = direct.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
