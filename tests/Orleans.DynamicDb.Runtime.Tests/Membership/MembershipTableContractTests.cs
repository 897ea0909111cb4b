using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

/// <summary>
/// What every <see cref="IMembershipTable"/> must do. Each test works in a fresh cluster id; <see cref="CreateTableAsync"/>
/// gives a table of any cluster over the same store.
/// </summary>
public abstract partial class MembershipTableContractTests : IAsyncLifetime
{
    protected static readonly DateTime Start = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly List<IMembershipTable> _tables = [];
    private IMembershipTable? _table;
    private long _generation = 1_763_700_000_000;

    /// <summary>A cluster id no other test uses.</summary>
    protected string ClusterId { get; } = NewClusterId();

    /// <summary>The table of <see cref="ClusterId"/>, initialised.</summary>
    protected IMembershipTable Table => _table ?? throw new InvalidOperationException("The table has not been created.");

    /// <summary>A table of <paramref name="clusterId"/> over the test's store (two calls for one cluster see the same rows).</summary>
    protected abstract Task<IMembershipTable> CreateTableAsync(string clusterId);

    public virtual async Task InitializeAsync()
    {
        _table = await TableOfAsync(ClusterId);
        await _table.InitializeMembershipTable(tryInitTableVersion: true);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var table in _tables)
        {
            if (table is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    protected static string NewClusterId() => $"cluster-{Guid.NewGuid():N}"[..20];

    /// <summary>A table of another cluster (or a second table of this one), disposed after the test.</summary>
    protected async Task<IMembershipTable> TableOfAsync(string clusterId)
    {
        var table = await CreateTableAsync(clusterId);
        _tables.Add(table);
        return table;
    }

    protected SiloAddress NewSilo(int port = 11111) => new("127.0.0.1", port, Interlocked.Increment(ref _generation));

    protected static MembershipEntry NewEntry(SiloAddress silo, SiloStatus status = SiloStatus.Active, DateTime? iAmAlive = null) => new()
    {
        SiloAddress = silo,
        Status = status,
        SiloName = $"silo-{silo.Port}",
        HostName = "host-a",
        GatewayPort = 8080,
        HttpAddress = "http://127.0.0.1:8080/",
        StartTime = Start,
        IAmAliveTime = iAmAlive ?? Start,
    };

    /// <summary>Inserts the row at the current version and returns its etag.</summary>
    protected async Task<string> InsertAsync(MembershipEntry entry)
    {
        var read = await Table.ReadAll();
        Assert.True(await Table.InsertRow(entry, read.Version.Next()), $"inserting {entry.SiloAddress} at version {read.Version}");
        return await EtagOfAsync(entry.SiloAddress);
    }

    protected async Task<string> EtagOfAsync(SiloAddress silo)
    {
        var read = await Table.ReadRow(silo);
        Assert.True(read.TryGet(silo, out _, out var etag), $"{silo} has a row");
        return etag;
    }

    [Fact]
    public async Task An_initialised_table_is_empty_at_version_0()
    {
        var read = await Table.ReadAll();

        Assert.Empty(read.Members);
        Assert.Equal(0, read.Version.Version);
        Assert.NotEmpty(read.Version.VersionEtag);
    }

    [Fact]
    public async Task An_uninitialised_table_reads_as_version_0_without_an_etag_and_refuses_writes()
    {
        var table = await TableOfAsync(NewClusterId());
        await table.InitializeMembershipTable(tryInitTableVersion: false);

        var read = await table.ReadAll();

        Assert.Empty(read.Members);
        Assert.Equal(new TableVersion(0, string.Empty), read.Version);
        Assert.False(await table.InsertRow(NewEntry(NewSilo()), read.Version.Next()));
    }

    [Fact]
    public async Task Initialising_again_and_from_many_silos_at_once_keeps_the_version_and_the_rows()
    {
        var silo = NewSilo();
        await InsertAsync(NewEntry(silo));
        var before = await Table.ReadAll();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var table = await CreateTableAsync(ClusterId);
            await table.InitializeMembershipTable(tryInitTableVersion: true);
            (table as IDisposable)?.Dispose();
        })));

        var after = await Table.ReadAll();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Members, after.Members);
    }

    [Fact]
    public async Task An_inserted_row_reads_back_exactly_and_moves_the_version_on_with_a_new_etag()
    {
        var entry = NewEntry(NewSilo()) with
        {
            Status = SiloStatus.Joining,
            IAmAliveTime = Start.AddTicks(1),
            SuspectTimes = [(NewSilo(22222), Start.AddSeconds(3).AddTicks(7))],
        };
        var read = await Table.ReadAll();

        Assert.True(await Table.InsertRow(entry, read.Version.Next()));

        var all = await Table.ReadAll();
        var (stored, etag) = Assert.Single(all.Members);
        Assert.Equal(entry, stored);
        Assert.NotEmpty(etag);
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(read.Version.VersionEtag, all.Version.VersionEtag);

        var row = await Table.ReadRow(entry.SiloAddress);
        Assert.Equal(all.Version, row.Version);
        Assert.Equal((stored, etag), Assert.Single(row.Members));
    }

    [Fact]
    public async Task Every_field_round_trips_including_absent_values_and_local_times_as_utc()
    {
        var local = new DateTime(2026, 3, 1, 8, 30, 0, DateTimeKind.Local);
        var entry = new MembershipEntry
        {
            SiloAddress = NewSilo(1),
            Status = SiloStatus.ShuttingDown,
            StartTime = local,
            IAmAliveTime = local.AddMinutes(1),
            SuspectTimes = [(NewSilo(2), local), (NewSilo(3), Start)],
        };

        await InsertAsync(entry);

        var (stored, _) = Assert.Single((await Table.ReadAll()).Members);
        Assert.Equal(string.Empty, stored.SiloName);
        Assert.Equal(string.Empty, stored.HostName);
        Assert.Equal(0, stored.GatewayPort);
        Assert.Null(stored.HttpAddress);
        Assert.Equal(DateTimeKind.Utc, stored.StartTime.Kind);
        Assert.Equal(local.ToUniversalTime(), stored.StartTime);
        Assert.Equal(local.AddMinutes(1).ToUniversalTime(), stored.IAmAliveTime);
        Assert.Equal(new[] { (entry.SuspectTimes[0].Suspecter, local.ToUniversalTime()), entry.SuspectTimes[1] }, stored.SuspectTimes);
    }

    [Fact]
    public async Task ReadRow_of_a_silo_without_a_row_gives_no_member_and_the_current_version()
    {
        await InsertAsync(NewEntry(NewSilo()));

        var read = await Table.ReadRow(NewSilo());

        Assert.Empty(read.Members);
        Assert.Equal((await Table.ReadAll()).Version, read.Version);
    }

    [Fact]
    public async Task Inserting_a_silo_that_already_has_a_row_fails_and_changes_nothing()
    {
        var entry = NewEntry(NewSilo());
        await InsertAsync(entry);
        var before = await Table.ReadAll();

        Assert.False(await Table.InsertRow(entry with { Status = SiloStatus.Dead }, before.Version.Next()));

        var after = await Table.ReadAll();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Members, after.Members);
    }

    [Fact]
    public async Task Inserting_with_a_stale_table_version_fails()
    {
        var stale = await Table.ReadAll();
        await InsertAsync(NewEntry(NewSilo()));

        Assert.False(await Table.InsertRow(NewEntry(NewSilo()), stale.Version.Next()));
        Assert.Single((await Table.ReadAll()).Members);
    }

    [Fact]
    public async Task Writing_with_the_version_read_instead_of_the_next_one_fails()
    {
        var read = await Table.ReadAll();

        Assert.False(await Table.InsertRow(NewEntry(NewSilo()), read.Version));
        Assert.False(await Table.InsertRow(NewEntry(NewSilo()), read.Version.Next().Next()));
        Assert.Equal(read.Version, (await Table.ReadAll()).Version);
    }
}
