using Npgsql;
using Orleans.DynamicDb.Runtime.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresFixture postgres) : AdoNetMembershipTableContractTests
{
    private string? _connectionString;

    protected override string Invariant => AdoNetInvariants.InvariantNamePostgreSql;

    protected override string ConnectionString => _connectionString ?? throw new InvalidOperationException("The test database has not been created.");

    protected override async Task CreateDatabaseAsync() => _connectionString = await postgres.Server.CreateDatabaseAsync("membership");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();

        // Every test has its own database and so its own pool: close its idle connections, or the server runs out.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
    }

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
