using Npgsql;
using NpgsqlTypes;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>
/// Npgsql reads every common type in binary with the type the engine gave the column (RowDescription OIDs from the
/// result's column types): int2/4/8, float4/8, bool, numeric, bytea, uuid, date, timestamp, timestamptz, json, jsonb.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NpgsqlTypesTests(PostgresFixture postgres, PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private static readonly Guid Uuid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly DateTime Local = new(2024, 2, 29, 13, 14, 15, 123_000 / 1000, DateTimeKind.Unspecified);
    private static readonly DateTime Utc = new(2023, 12, 31, 23, 59, 58, DateTimeKind.Utc);

    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() => PgWireSiloFixture.SqliteAndPostgres(postgres));

    [Theory]
    [InlineData("pg")]
    [InlineData("sqlite")]
    public async Task Every_common_type_round_trips_in_binary_with_its_declared_type(string engine)
    {
        await using var connection = await OpenAsync(engine);

        // The same declarations on both engines: PostgreSQL's types, and on SQLite the declared types it keeps (its own
        // INTEGER and REAL are 64-bit: bigint and double precision there).
        await ExecAsync(connection, "CREATE TABLE ty (i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL, f8 DOUBLE PRECISION, b BOOLEAN, n NUMERIC, by BYTEA, " +
            "u UUID, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, j JSON, jb JSONB)");
        await using (var insert = new NpgsqlCommand("INSERT INTO ty VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Smallint, Value = (short)-12 });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = 123_456 });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = 9_000_000_000L });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Real, Value = 1.5f });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = -2.25d });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = true });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Numeric, Value = 12345.678m });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = new byte[] { 0, 1, 254, 255 } });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = Uuid });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = new DateOnly(2024, 2, 29) });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Timestamp, Value = Local });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = Utc });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Json, Value = "{\"a\": 1}" });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = "{\"b\": [1, 2]}" });
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        await using var select = new NpgsqlCommand("SELECT i2, i4, i8, f4, f8, b, n, by, u, d, ts, tz, j, jb FROM ty", connection);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        var sqlite = engine == "sqlite";
        Assert.Equal(
            ["smallint", sqlite ? "bigint" : "integer", "bigint", sqlite ? "double precision" : "real", "double precision", "boolean", "numeric", "bytea", "uuid", "date",
             "timestamp without time zone", "timestamp with time zone", "json", "jsonb"],
            Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName));
        Assert.Equal((short)-12, reader.GetInt16(0));
        Assert.Equal(123_456L, reader.GetInt64(1));
        Assert.Equal(9_000_000_000L, reader.GetInt64(2));
        Assert.Equal(1.5d, reader.GetDouble(3));
        Assert.Equal(-2.25d, reader.GetDouble(4));
        Assert.True(reader.GetBoolean(5));
        Assert.Equal(12345.678m, reader.GetDecimal(6));
        Assert.Equal([0, 1, 254, 255], reader.GetFieldValue<byte[]>(7));
        Assert.Equal(Uuid, reader.GetGuid(8));
        Assert.Equal(new DateOnly(2024, 2, 29), reader.GetFieldValue<DateOnly>(9));
        Assert.Equal(Local, reader.GetDateTime(10));
        Assert.Equal(Utc, reader.GetDateTime(11));
        Assert.Equal("{\"a\": 1}", reader.GetString(12));
        Assert.Equal("{\"b\": [1, 2]}", reader.GetString(13));
    }

    private async Task<NpgsqlConnection> OpenAsync(string engine)
    {
        var silo = await SiloAsync();
        var database = $"ty_{engine}_{Guid.NewGuid():N}"[..28];
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
