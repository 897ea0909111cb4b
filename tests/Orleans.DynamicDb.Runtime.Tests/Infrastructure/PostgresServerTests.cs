using Npgsql;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Infrastructure;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_fixture_server_answers_queries_in_a_fresh_database()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 40 + 2", connection);
        Assert.Equal(42, (int)(await command.ExecuteScalarAsync())!);
    }
}
