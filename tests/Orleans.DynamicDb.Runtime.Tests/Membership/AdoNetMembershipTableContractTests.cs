using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

/// <summary>What a SQL membership table adds to the contract: it creates and records its own tables.</summary>
public abstract class AdoNetMembershipTableContractTests : MembershipTableContractTests
{
    protected abstract string Invariant { get; }

    protected abstract string ConnectionString { get; }

    /// <summary>Runs a query straight against the database, bypassing the table.</summary>
    protected abstract Task<object?> ScalarAsync(string sql);

    /// <summary>Creates the test's database before the table is made.</summary>
    protected abstract Task CreateDatabaseAsync();

    public override async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    protected override Task<IMembershipTable> CreateTableAsync(string clusterId) =>
        Task.FromResult<IMembershipTable>(new AdoNetMembershipTable(new AdoNetClusteringOptions { Invariant = Invariant, ConnectionString = ConnectionString }, clusterId));

    [Fact]
    public async Task Initialising_creates_both_tables_and_records_their_schema_version()
    {
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM dyndb_membership_versions")));
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM dyndb_membership")));
        Assert.Equal("membership", await ScalarAsync("SELECT kind FROM dyndb_schema_versions WHERE table_name = 'dyndb_membership'"));
    }

    [Fact]
    public async Task Times_are_stored_as_utc_ticks()
    {
        await InsertAsync(NewEntry(NewSilo()) with { IAmAliveTime = Start.AddTicks(3) });

        Assert.Equal(Start.AddTicks(3).Ticks, Convert.ToInt64(await ScalarAsync("SELECT iamalive_ticks FROM dyndb_membership")));
    }
}
