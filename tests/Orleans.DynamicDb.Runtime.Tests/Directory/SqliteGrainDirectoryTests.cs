using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Tests.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.GrainDirectory;

public sealed class SqliteGrainDirectoryTests : GrainDirectoryContractTests
{
    private readonly SqliteTestFile _file = new();

    protected override Task<IGrainDirectory> CreateDirectoryAsync(string clusterId) => Task.FromResult<IGrainDirectory>(
        new AdoNetGrainDirectory(new AdoNetClusteringOptions { Invariant = AdoNetInvariants.InvariantNameSqlite, ConnectionString = _file.ConnectionString }, clusterId));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task The_directory_and_the_membership_table_share_one_database_file()
    {
        var options = new AdoNetClusteringOptions { Invariant = AdoNetInvariants.InvariantNameSqlite, ConnectionString = _file.ConnectionString };
        var membership = new AdoNetMembershipTable(options, ClusterId);
        await membership.InitializeMembershipTable(tryInitTableVersion: true);
        await Directory.Register(On(NewGrain(), NewSilo()));

        Assert.Equal(1L, await _file.ScalarAsync("SELECT COUNT(*) FROM dyndb_grain_directory"));
        Assert.Equal(1L, await _file.ScalarAsync("SELECT COUNT(*) FROM dyndb_membership_versions"));
    }
}
