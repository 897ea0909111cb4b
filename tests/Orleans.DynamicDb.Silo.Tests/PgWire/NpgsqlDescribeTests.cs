using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>Describe of a prepared statement runs it with null arguments in the engine's read-only mode: it can never write.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NpgsqlDescribeTests(PostgresFixture postgres, PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() => PgWireSiloFixture.SqliteAndPostgres(postgres));

    [Fact]
    public async Task Preparing_a_query_that_writes_is_refused_with_25006_and_writes_nothing()
    {
        await using var connection = await OpenAsync("pg");
        await ExecAsync(connection, "CREATE TABLE hits (n BIGINT)");
        await ExecAsync(connection, "CREATE FUNCTION bump() RETURNS bigint LANGUAGE sql AS 'INSERT INTO hits VALUES (1); SELECT count(*) FROM hits'");

        await using var prepared = new NpgsqlCommand("SELECT bump(), $1", connection);
        prepared.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 0 });
        var error = await Assert.ThrowsAsync<PostgresException>(() => prepared.PrepareAsync());

        Assert.Equal("25006", error.SqlState);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM hits", connection);
        Assert.Equal(0L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        await using var unprepared = new NpgsqlCommand("SELECT bump()", connection);
        Assert.Equal(1L, Convert.ToInt64(await unprepared.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("pg")]
    [InlineData("sqlite")]
    public async Task A_prepared_query_that_finds_no_rows_is_described_with_its_column_types(string engine)
    {
        await using var connection = await OpenAsync(engine);
        await ExecAsync(connection, "CREATE TABLE d (id BIGINT PRIMARY KEY, score DOUBLE PRECISION, flag BOOLEAN)");
        await ExecAsync(connection, "INSERT INTO d VALUES (1, 0.5, TRUE)");

        // Described with null arguments: no row matches, so only the engine's column types can name the types.
        await using var select = new NpgsqlCommand("SELECT id, score, flag FROM d WHERE id = $1", connection);
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 1 });
        await select.PrepareAsync();
        await using var reader = await select.ExecuteReaderAsync();

        Assert.Equal(["bigint", "double precision", "boolean"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName));
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1L, 0.5d, true), (reader.GetInt64(0), reader.GetDouble(1), reader.GetBoolean(2)));
    }

    private async Task<NpgsqlConnection> OpenAsync(string engine)
    {
        var silo = await SiloAsync();
        var database = $"desc_{engine}_{Guid.NewGuid():N}"[..28];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync(engine);
        var connection = new NpgsqlConnection(silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
