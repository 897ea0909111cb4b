using Npgsql;
using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.GrainDirectory;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainDirectoryTests(PostgresFixture postgres) : GrainDirectoryContractTests
{
    private string? _connectionString;

    public override async Task InitializeAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync("directory");
        await base.InitializeAsync();
    }

    protected override Task<IGrainDirectory> CreateDirectoryAsync(string clusterId) => Task.FromResult<IGrainDirectory>(
        new AdoNetGrainDirectory(new AdoNetClusteringOptions { Invariant = AdoNetInvariants.InvariantNamePostgreSql, ConnectionString = _connectionString! }, clusterId));

    [Fact]
    public async Task The_directory_table_is_created_on_first_use_and_recorded()
    {
        await Directory.Lookup(NewGrain());

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT kind FROM dyndb_schema_versions WHERE table_name = 'dyndb_grain_directory'", connection);
        Assert.Equal("grain_directory", await command.ExecuteScalarAsync());
    }
}
