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

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();

        // Every test has its own database and so its own pool: close its idle connections, or the server runs out.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(_connectionString));
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
