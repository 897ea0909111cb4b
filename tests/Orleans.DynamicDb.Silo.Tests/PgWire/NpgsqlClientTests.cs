using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>Npgsql (extended protocol, binary formats) against the wire frontend on a <c>sqlite</c> and a <c>postgres</c> database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NpgsqlClientTests(PostgresFixture postgres, PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private const string LongSqliteQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() => PgWireSiloFixture.SqliteAndPostgres(postgres));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task Parameters_and_results_travel_in_binary_for_the_common_types(string engine)
    {
        await using var connection = await OpenAsync(engine);
        var blob = new byte[] { 0, 1, 2, 250, 255 };
        await ExecAsync(connection, "CREATE TABLE v (id BIGINT PRIMARY KEY, score DOUBLE PRECISION, flag BOOLEAN, name TEXT, data BYTEA)");
        await using (var insert = new NpgsqlCommand("INSERT INTO v (id, score, flag, name, data) VALUES ($1, $2, $3, $4, $5)", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = 9_000_000_000L });
            insert.Parameters.Add(new NpgsqlParameter { Value = 2.5d });
            insert.Parameters.Add(new NpgsqlParameter { Value = true });
            insert.Parameters.Add(new NpgsqlParameter { Value = "größe ✓" });
            insert.Parameters.Add(new NpgsqlParameter { Value = blob });
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        await using var select = new NpgsqlCommand("SELECT id, score, name, data FROM v WHERE id = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = 9_000_000_000L });
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("bigint", reader.GetDataTypeName(0));
        Assert.Equal(9_000_000_000L, reader.GetInt64(0));
        Assert.Equal(2.5d, reader.GetDouble(1));
        Assert.Equal("größe ✓", reader.GetString(2));
        Assert.Equal(blob, reader.GetFieldValue<byte[]>(3));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Numeric_and_boolean_results_arrive_with_their_postgres_types()
    {
        await using var connection = await OpenAsync("pg");
        await using var command = new NpgsqlCommand("SELECT 12345.678::numeric, -0.0042::numeric, true, 'x'::text", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal("numeric", reader.GetDataTypeName(0));
        Assert.Equal(12345.678m, reader.GetDecimal(0));
        Assert.Equal(-0.0042m, reader.GetDecimal(1));
        Assert.True(reader.GetBoolean(2));
        Assert.Equal("x", reader.GetString(3));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task A_prepared_statement_runs_many_times_with_new_parameters(string engine)
    {
        await using var connection = await OpenAsync(engine);
        await ExecAsync(connection, "CREATE TABLE p (id BIGINT PRIMARY KEY, name TEXT)");
        await using (var insert = new NpgsqlCommand("INSERT INTO p (id, name) VALUES ($1, $2)", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<long>());
            insert.Parameters.Add(new NpgsqlParameter<string>());
            await insert.PrepareAsync();
            Assert.True(insert.IsPrepared);
            for (var i = 1; i <= 5; i++)
            {
                ((NpgsqlParameter<long>)insert.Parameters[0]).TypedValue = i;
                ((NpgsqlParameter<string>)insert.Parameters[1]).TypedValue = $"row {i}";
                Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            }
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM p WHERE id > $1", connection);
        count.Parameters.Add(new NpgsqlParameter<long>());
        await count.PrepareAsync();
        ((NpgsqlParameter<long>)count.Parameters[0]).TypedValue = 2;
        Assert.Equal(3L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        ((NpgsqlParameter<long>)count.Parameters[0]).TypedValue = 4;
        Assert.Equal(1L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("pg", "SELECT pg_sleep(60)")]
    [InlineData("sqlite", LongSqliteQuery)]
    public async Task A_long_query_is_cancelled_with_57014_and_the_connection_stays_usable(string engine, string sql)
    {
        var silo = await SiloAsync();
        var database = await NewDatabaseAsync(silo, engine);
        await using var connection = new NpgsqlConnection(silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var running = command.ExecuteScalarAsync();

        // Npgsql sends one cancel request per command and breaks the connection when the statement has not ended 2 s
        // later; a request that arrives before the statement runs cancels nothing (as on PostgreSQL). So cancel once
        // the database's grain runs it.
        var grain = silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}");
        await Eventually.True(
            async () => running.IsCompleted || (await grain.GetActivityAsync()).InFlightStatements > 0,
            "the long statement never reached the database's grain", TimeSpan.FromSeconds(30));
        Assert.False(running.IsCompleted, "the long statement ended before it was cancelled");
        command.Cancel();

        // Npgsql answers a cancelled command with an OperationCanceledException around the server's error.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => running);
        var server = Assert.IsType<PostgresException>(error as PostgresException ?? error.InnerException);
        Assert.Equal("57014", server.SqlState);
        await using var after = new NpgsqlCommand("SELECT 41 + 1", connection);
        Assert.Equal(42L, Convert.ToInt64(await after.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_row_limited_portal_is_suspended_and_resumed()
    {
        var silo = await SiloAsync();
        var database = await NewDatabaseAsync(silo, "sqlite");
        await using var client = await RawPgClient.LoginAsync(silo.Port, "alpha", GatewaySilo.AlphaKey, database);
        await client.SendAsync('Q', RawPgClient.CString("CREATE TABLE r (n INTEGER); INSERT INTO r VALUES (1), (2), (3), (4), (5)"));
        await client.ReadUntilAsync('Z');

        await client.SendAsync('P', [.. RawPgClient.CString(""), .. RawPgClient.CString("SELECT n FROM r ORDER BY n"), .. RawPgClient.BigEndian16(0)]);
        await client.SendAsync('B', [.. RawPgClient.CString("p1"), .. RawPgClient.CString(""), .. RawPgClient.BigEndian16(0), .. RawPgClient.BigEndian16(0), .. RawPgClient.BigEndian16(0)]);
        await client.SendAsync('E', [.. RawPgClient.CString("p1"), .. RawPgClient.BigEndian(2)]);
        await client.SendAsync('E', [.. RawPgClient.CString("p1"), .. RawPgClient.BigEndian(2)]);
        await client.SendAsync('E', [.. RawPgClient.CString("p1"), .. RawPgClient.BigEndian(2)]);
        await client.SendAsync('S', []);
        var messages = await client.ReadUntilAsync('Z');

        var shape = string.Concat(messages.Select(m => m.Type));
        Assert.Equal("12DDsDDsDCZ", shape);
        Assert.Equal(["1", "2", "3", "4", "5"], messages.Where(m => m.Type == 'D').Select(m => RawPgClient.Field(m.Payload, 0)));
        Assert.Equal("SELECT 1\0", System.Text.Encoding.UTF8.GetString(messages.Single(m => m.Type == 'C').Payload));
    }

    private async Task<NpgsqlConnection> OpenAsync(string engine)
    {
        var silo = await SiloAsync();
        var database = await NewDatabaseAsync(silo, engine);
        var connection = new NpgsqlConnection(silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string> NewDatabaseAsync(PgWireSilo silo, string engine)
    {
        var database = $"npg_{engine}_{Guid.NewGuid():N}"[..30];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync(engine);
        return database;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
