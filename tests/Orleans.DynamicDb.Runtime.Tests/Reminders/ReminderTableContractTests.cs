namespace Orleans.DynamicDb.Runtime.Tests.Reminders;

/// <summary>The behaviour every <see cref="IReminderTable"/> must have, run against each table by a derived class.</summary>
public abstract partial class ReminderTableContractTests : IAsyncLifetime
{
    private IReminderTable? _table;

    /// <summary>The table under test, started on first use.</summary>
    protected IReminderTable Table => _table ?? throw new InvalidOperationException("The table has not started.");

    public async Task InitializeAsync()
    {
        await InitializeStoreAsync();
        _table = CreateTable();
        await _table.StartAsync(CancellationToken.None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Prepares an empty store for one test.</summary>
    protected abstract Task InitializeStoreAsync();

    /// <summary>A table over this test's store; durable tables return a new instance each call.</summary>
    protected abstract IReminderTable CreateTable();

    protected static GrainId NewGrainId() => new("remindable", Guid.NewGuid().ToString("N"));

    protected static ReminderEntry NewEntry(GrainId grainId, string name = "tick", long startTicks = 638_700_000_001_234_567, int periodMinutes = 5) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = new DateTime(startTicks, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(periodMinutes),
    };

    [Fact]
    public async Task An_upserted_row_reads_back_equal_with_the_returned_etag()
    {
        var entry = NewEntry(NewGrainId());

        var etag = await Table.UpsertRow(entry);
        var read = await Table.ReadRow(entry.GrainId, entry.ReminderName);

        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry with { ETag = etag }, read);
        Assert.Equal(DateTimeKind.Utc, read!.StartAt.Kind);
    }

    [Fact]
    public async Task Every_upsert_changes_the_etag_and_replaces_the_schedule()
    {
        var entry = NewEntry(NewGrainId());
        var first = await Table.UpsertRow(entry);

        var changed = entry with { StartAt = entry.StartAt.AddHours(1), Period = TimeSpan.FromSeconds(90) };
        var second = await Table.UpsertRow(changed);
        var third = await Table.UpsertRow(changed);

        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
        Assert.Equal(changed with { ETag = third }, await Table.ReadRow(entry.GrainId, entry.ReminderName));
        Assert.Single(await Table.ReadRows(entry.GrainId));
    }

    [Fact]
    public async Task A_start_time_of_unspecified_kind_is_kept_as_utc()
    {
        var entry = NewEntry(NewGrainId()) with { StartAt = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Unspecified) };

        await Table.UpsertRow(entry);
        var read = await Table.ReadRow(entry.GrainId, entry.ReminderName);

        Assert.Equal(new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), read!.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
    }

    [Fact]
    public async Task Reading_a_reminder_that_does_not_exist_returns_null()
    {
        Assert.Null(await Table.ReadRow(NewGrainId(), "missing"));
        Assert.Empty(await Table.ReadRows(NewGrainId()));
    }

    [Fact]
    public async Task ReadRows_for_a_grain_returns_only_that_grains_reminders()
    {
        var grainId = NewGrainId();
        var sameKeyOtherType = new GrainId("other", grainId.Key);
        await Table.UpsertRow(NewEntry(grainId, "a"));
        await Table.UpsertRow(NewEntry(grainId, "b"));
        await Table.UpsertRow(NewEntry(sameKeyOtherType, "a"));
        await Table.UpsertRow(NewEntry(NewGrainId(), "a"));

        var rows = await Table.ReadRows(grainId);

        Assert.Equal(["a", "b"], rows.Select(row => row.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal(grainId, row.GrainId));
    }

    [Fact]
    public async Task RemoveRow_with_the_current_etag_deletes_the_row()
    {
        var entry = NewEntry(NewGrainId());
        var etag = await Table.UpsertRow(entry);

        Assert.True(await Table.RemoveRow(entry.GrainId, entry.ReminderName, etag));

        Assert.Null(await Table.ReadRow(entry.GrainId, entry.ReminderName));
    }

    [Fact]
    public async Task RemoveRow_with_a_stale_etag_returns_false_and_keeps_the_row()
    {
        var entry = NewEntry(NewGrainId());
        var stale = await Table.UpsertRow(entry);
        var current = await Table.UpsertRow(entry);

        Assert.False(await Table.RemoveRow(entry.GrainId, entry.ReminderName, stale));

        Assert.Equal(current, (await Table.ReadRow(entry.GrainId, entry.ReminderName))!.ETag);
    }

    [Fact]
    public async Task RemoveRow_of_a_row_that_does_not_exist_returns_false()
    {
        var entry = NewEntry(NewGrainId());
        var etag = await Table.UpsertRow(entry);
        await Table.RemoveRow(entry.GrainId, entry.ReminderName, etag);

        Assert.False(await Table.RemoveRow(entry.GrainId, entry.ReminderName, etag));
        Assert.False(await Table.RemoveRow(NewGrainId(), "never", "no etag"));
    }

    [Fact]
    public async Task TestOnlyClearTable_deletes_every_row()
    {
        await Table.UpsertRow(NewEntry(NewGrainId()));
        await Table.UpsertRow(NewEntry(NewGrainId()));

        await Table.TestOnlyClearTable();

        Assert.Empty(await Table.ReadRows(0u, 0u));
    }
}
