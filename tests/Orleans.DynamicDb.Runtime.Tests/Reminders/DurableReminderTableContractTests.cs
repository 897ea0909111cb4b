using Orleans.DynamicDb.Runtime.Reminders;
using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.Reminders;

/// <summary>What a database-backed reminder table adds to the contract: rows outlive the table object, which creates its own table.</summary>
public abstract class DurableReminderTableContractTests : ReminderTableContractTests
{
    protected abstract string Invariant { get; }

    protected abstract string ConnectionString { get; }

    /// <summary>Runs a query straight against the database, bypassing the table.</summary>
    protected abstract Task<object?> ScalarAsync(string sql);

    protected override IReminderTable CreateTable() =>
        new AdoNetReminderTable(new AdoNetReminderTableOptions { Invariant = Invariant, ConnectionString = ConnectionString });

    [Fact]
    public async Task Rows_written_before_a_restart_read_back_in_a_new_table_instance()
    {
        var entry = NewEntry(NewGrainId());
        var etag = await Table.UpsertRow(entry);

        var restarted = CreateTable();
        await restarted.StartAsync(CancellationToken.None);

        Assert.Equal(entry with { ETag = etag }, await restarted.ReadRow(entry.GrainId, entry.ReminderName));
        Assert.True(await restarted.RemoveRow(entry.GrainId, entry.ReminderName, etag));
    }

    [Fact]
    public async Task StartAsync_creates_the_table_and_records_its_schema_version()
    {
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM dyndb_reminders")));
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync("SELECT version FROM dyndb_schema_versions WHERE table_name = 'dyndb_reminders'")));
        Assert.Equal("reminders", await ScalarAsync("SELECT kind FROM dyndb_schema_versions WHERE table_name = 'dyndb_reminders'"));
    }

    [Fact]
    public async Task Starting_again_and_from_many_instances_at_once_is_idempotent_and_keeps_the_rows()
    {
        var entry = NewEntry(NewGrainId());
        var etag = await Table.UpsertRow(entry);

        await Table.StartAsync(CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => CreateTable().StartAsync(CancellationToken.None))));

        Assert.Equal(etag, (await Table.ReadRow(entry.GrainId, entry.ReminderName))!.ETag);
    }

    [Fact]
    public async Task The_grain_hash_column_holds_the_unsigned_ring_position()
    {
        var grainId = NewGrainId();
        await Table.UpsertRow(NewEntry(grainId));

        var stored = Convert.ToInt64(await ScalarAsync("SELECT grain_hash FROM dyndb_reminders"));

        Assert.Equal((long)grainId.GetUniformHashCode(), stored);
    }

    [Fact]
    public async Task Grain_storage_refuses_a_table_name_that_already_holds_reminders()
    {
        var storage = new AdoNetGrainStorage("clash", new AdoNetGrainStorageOptions
        {
            Invariant = Invariant,
            ConnectionString = ConnectionString,
            TableName = AdoNetReminderTableOptions.DefaultTableName,
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.ReadStateAsync("state", NewGrainId(), new GrainState<int>(0)));

        Assert.Contains("dyndb_reminders", error.Message, StringComparison.Ordinal);
        Assert.Contains("TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_upserts_from_many_grains_all_succeed()
    {
        var grains = Enumerable.Range(0, 40).Select(_ => NewGrainId()).ToArray();

        await Task.WhenAll(grains.Select(grainId => Task.Run(async () =>
        {
            await Table.UpsertRow(NewEntry(grainId, "a"));
            await Table.UpsertRow(NewEntry(grainId, "b"));
        })));

        Assert.Equal(80, (await Table.ReadRows(0u, 0u)).Count);
    }
}
