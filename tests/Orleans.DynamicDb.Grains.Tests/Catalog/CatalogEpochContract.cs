using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Catalog;

/// <summary>
/// What the catalog guarantees on either store: an existing catalog of the first schema is upgraded keeping its rows,
/// activation epochs are claimed atomically, and a superseded epoch can write nothing.
/// </summary>
public abstract class CatalogEpochContract
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    /// <summary>A fresh, empty catalog store.</summary>
    protected abstract Task<AdoNetDatabaseCatalog> NewCatalogAsync();

    /// <summary>A catalog store holding the first schema's table with <see cref="OldCatalogSchema.InsertRow"/>.</summary>
    protected abstract Task<AdoNetDatabaseCatalog> OldCatalogAsync();

    [Fact]
    public async Task The_catalog_counts_its_databases_by_status_over_every_app()
    {
        using var catalog = await NewCatalogAsync();
        await catalog.StartAsync();
        Assert.Empty(await catalog.CountByStatusAsync());

        foreach (var (app, database, status) in new[]
        {
            ("shop", "orders", DatabaseStatus.Active), ("shop", "users", DatabaseStatus.Hibernated),
            ("blog", "posts", DatabaseStatus.Hibernated), ("blog", "old", DatabaseStatus.Dropped),
        })
        {
            await catalog.UpsertAsync(new DatabaseInfo(app, database, "sqlite", status, At, At, null));
        }

        var counts = await catalog.CountByStatusAsync();

        Assert.Equal(1, counts[DatabaseStatus.Active]);
        Assert.Equal(2, counts[DatabaseStatus.Hibernated]);
        Assert.Equal(1, counts[DatabaseStatus.Dropped]);
        Assert.Equal(3, counts.Count);
    }

    [Fact]
    public async Task A_catalog_of_the_first_schema_is_upgraded_at_start_and_keeps_its_rows()
    {
        using var catalog = await OldCatalogAsync();

        await catalog.StartAsync();
        var entry = await catalog.GetAsync("shop", "orders");
        var epoch = await catalog.ClaimActivationAsync("shop", "orders", "act-1", "127.0.0.1:11111@1", At);

        Assert.Equal(new DatabaseInfo("shop", "orders", "sqlite", DatabaseStatus.Hibernated, DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), DateTimeOffset.FromUnixTimeMilliseconds(1700000500000), TimeSpan.FromSeconds(30)), entry);
        Assert.Equal(1, epoch);
        Assert.Equal(DatabaseStatus.Active, (await catalog.GetAsync("shop", "orders"))!.Status);
    }

    [Fact]
    public async Task Starting_an_upgraded_catalog_again_changes_nothing()
    {
        using var catalog = await OldCatalogAsync();
        await catalog.StartAsync();
        await catalog.ClaimActivationAsync("shop", "orders", "act-1", "127.0.0.1:11111@1", At);

        using var again = await ReopenAsync(catalog);
        await again.StartAsync();

        Assert.True(await again.IsCurrentActivationAsync("shop", "orders", 1));
        Assert.Single(await again.ListActivationsAsync("shop", "orders"));
    }

    [Fact]
    public async Task Each_claim_takes_the_next_epoch_and_a_superseded_epoch_writes_no_status()
    {
        using var catalog = await NewCatalogAsync();
        await catalog.UpsertAsync(Entry("db1"));

        var first = await catalog.ClaimActivationAsync("shop", "db1", "act-1", "127.0.0.1:11111@1", At);
        var second = await catalog.ClaimActivationAsync("shop", "db1", "act-2", "127.0.0.1:22222@1", At.AddSeconds(1));
        var staleWrote = await catalog.SetStatusAsync("shop", "db1", DatabaseStatus.Hibernated, At.AddSeconds(2), first);
        var currentWrote = await catalog.SetStatusAsync("shop", "db1", DatabaseStatus.Active, At.AddSeconds(3), second);

        Assert.Equal((1, 2), (first, second));
        Assert.False(staleWrote);
        Assert.True(currentWrote);
        Assert.False(await catalog.IsCurrentActivationAsync("shop", "db1", first));
        Assert.True(await catalog.IsCurrentActivationAsync("shop", "db1", second));
        Assert.Equal((DatabaseStatus.Active, At.AddSeconds(3)), ((await catalog.GetAsync("shop", "db1"))!.Status, (await catalog.GetAsync("shop", "db1"))!.LastActivity));
    }

    [Fact]
    public async Task A_claim_marks_the_activations_that_never_recorded_their_end_abandoned_and_a_fenced_one_says_so()
    {
        using var catalog = await NewCatalogAsync();
        await catalog.UpsertAsync(Entry("db2"));
        var first = await catalog.ClaimActivationAsync("shop", "db2", "act-1", "127.0.0.1:11111@1", At);
        await catalog.EndActivationAsync("shop", "db2", first, ActivationEnd.Hibernated, At.AddSeconds(1));
        var second = await catalog.ClaimActivationAsync("shop", "db2", "act-2", "127.0.0.1:22222@1", At.AddSeconds(2));
        var third = await catalog.ClaimActivationAsync("shop", "db2", "act-3", "127.0.0.1:33333@1", At.AddSeconds(3));
        await catalog.EndActivationAsync("shop", "db2", second, ActivationEnd.Hibernated, At.AddSeconds(4));
        var fourth = await catalog.ClaimActivationAsync("shop", "db2", "act-4", "127.0.0.1:44444@1", At.AddSeconds(5));
        await catalog.EndActivationAsync("shop", "db2", third, ActivationEnd.Fenced, At.AddSeconds(6));

        var history = await catalog.ListActivationsAsync("shop", "db2");

        Assert.Equal(
            [
                (1L, "act-1", ActivationEnd.Hibernated, (DateTimeOffset?)At.AddSeconds(1)),
                (2L, "act-2", ActivationEnd.Abandoned, At.AddSeconds(3)),
                (3L, "act-3", ActivationEnd.Fenced, At.AddSeconds(6)),
                (4L, "act-4", null, null),
            ],
            history.Select(a => (a.Epoch, a.ActivationId, a.EndReason, a.EndedAt)));
        Assert.Equal(4, fourth);
        Assert.Equal("127.0.0.1:33333@1", history[2].Silo);
    }

    [Fact]
    public async Task Concurrent_claims_each_get_their_own_epoch()
    {
        using var catalog = await NewCatalogAsync();
        await catalog.UpsertAsync(Entry("db3"));

        var epochs = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => catalog.ClaimActivationAsync("shop", "db3", $"act-{i}", $"127.0.0.1:{10000 + i}@1", At))));

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), epochs.Order());
        Assert.Equal(8, (await catalog.ListActivationsAsync("shop", "db3")).Select(a => a.ActivationId).Distinct().Count());
        Assert.Equal(7, (await catalog.ListActivationsAsync("shop", "db3")).Count(a => a.EndReason == ActivationEnd.Abandoned));
    }

    [Fact]
    public async Task Claiming_an_epoch_for_a_database_without_an_entry_fails_with_not_found()
    {
        using var catalog = await NewCatalogAsync();

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => catalog.ClaimActivationAsync("shop", "missing", "act-1", "127.0.0.1:11111@1", At));

        Assert.Equal(ErrorCodes.DatabaseNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task A_database_records_the_replication_group_and_epoch_it_was_last_opened_at_and_lists_show_them()
    {
        using var catalog = await NewCatalogAsync();
        await catalog.StartAsync();
        await catalog.UpsertAsync(new DatabaseInfo("shop", "orders", "pg-ha", DatabaseStatus.Active, At, At, null));
        Assert.Equal((null, null), Placement(await catalog.GetAsync("shop", "orders")));

        await catalog.SetPlacementAsync("shop", "orders", "pg-ha", 1);
        Assert.Equal(("pg-ha", 1L), Placement(await catalog.GetAsync("shop", "orders")));

        await catalog.SetPlacementAsync("shop", "orders", "pg-ha", 3);
        await catalog.SetStatusAsync("shop", "orders", DatabaseStatus.Hibernated, At);
        Assert.Equal(("pg-ha", 3L), Placement(await catalog.GetAsync("shop", "orders")));
        Assert.Equal(("pg-ha", 3L), Placement(Assert.Single(await catalog.ListAsync("shop"))));

        // An upsert writes the entry as given: the placement it carries, or none (a database created again elsewhere).
        var entry = (await catalog.GetAsync("shop", "orders"))!;
        await catalog.UpsertAsync(entry with { LastActivity = At.AddMinutes(1) });
        Assert.Equal(("pg-ha", 3L), Placement(await catalog.GetAsync("shop", "orders")));
        await catalog.UpsertAsync(entry with { Engine = "sqlite", EngineGroup = null, EngineEpoch = null });
        Assert.Equal((null, null), Placement(await catalog.GetAsync("shop", "orders")));
    }

    [Fact]
    public async Task An_upgraded_catalog_has_no_placement_for_its_old_rows_until_they_are_opened()
    {
        using var catalog = await OldCatalogAsync();
        await catalog.StartAsync();

        Assert.Equal((null, null), Placement(await catalog.GetAsync("shop", "orders")));
        await catalog.SetPlacementAsync("shop", "orders", "pg-ha", 2);
        Assert.Equal(("pg-ha", 2L), Placement(await catalog.GetAsync("shop", "orders")));
    }

    private static (string?, long?) Placement(DatabaseInfo? entry) => (entry!.EngineGroup, entry.EngineEpoch);

    /// <summary>A second catalog over the same store, as after a silo restart.</summary>
    protected abstract Task<AdoNetDatabaseCatalog> ReopenAsync(AdoNetDatabaseCatalog catalog);

    private static DatabaseInfo Entry(string database) => new("shop", database, "sqlite", DatabaseStatus.Hibernated, At, At, null);
}
