using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>The streaming cursor of the PostgreSQL engine, on a pool of one connection so that a connection not given back shows.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRowCursorTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private readonly DatabaseName _name = DatabaseName.Create("cursor", "db_" + Guid.NewGuid().ToString("N")[..12]);
    private PostgresEngine _engine = null!;
    private IDatabaseConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _engine = new PostgresEngine(
            new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString, MaxPoolSize = 1 },
            _loggers.CreateLogger<PostgresEngine>());
        _connection = await _engine.OpenAsync(_name);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _engine.DisposeAsync();
        _loggers.Dispose();
    }

    [Fact]
    public async Task Rows_come_in_batches_of_at_most_max_rows_until_the_last_one_says_completed()
    {
        await using var cursor = await _connection.OpenCursorAsync(new Statement("SELECT g AS n, 'row ' || g AS label FROM generate_series(1, 10) g"));

        var batches = new List<RowBatch>();
        do
        {
            batches.Add(await cursor.ReadAsync(4, long.MaxValue));
        }
        while (!batches[^1].Completed);

        Assert.Equal(["n", "label"], cursor.Columns);
        Assert.Equal([4, 4, 2], batches.Select(b => b.Rows.Count));
        Assert.Equal([false, false, true], batches.Select(b => b.Completed));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (object?)(long)i), batches.SelectMany(b => b.Rows).Select(r => r[0]));
        Assert.All(batches, b => Assert.Equal(b.Rows.Sum(RowSize.Of), b.Bytes));
    }

    [Fact]
    public async Task A_batch_stops_at_the_row_that_reaches_max_bytes()
    {
        await using var cursor = await _connection.OpenCursorAsync(new Statement("SELECT repeat('x', 98) FROM generate_series(1, 10)"));
        var rowSize = RowSize.Of(new object?[] { new string('x', 98) });

        var first = await cursor.ReadAsync(100, (rowSize * 2) + 1);
        var second = await cursor.ReadAsync(100, 1);

        Assert.Equal(3, first.Rows.Count);
        Assert.Equal(rowSize * 3, first.Bytes);
        Assert.Single(second.Rows);
        Assert.False(second.Completed);
    }

    [Fact]
    public async Task Cursor_rows_are_normalised_exactly_as_query_results_are()
    {
        const string sql = """
            SELECT 1::smallint, 2::int, 3::bigint, 1.5::numeric, 2.5::real, 'text'::text, true, NULL::int, '\x0102'::bytea,
                   '2024-02-29'::date, '2024-02-29 12:34:56+00'::timestamptz, '{"a": 1}'::jsonb, '6f1c1a2e-8f9e-4a3b-9c1d-2e3f4a5b6c7d'::uuid,
                   ARRAY[1, 2]::int[]
            """;
        var query = await _connection.QueryAsync(new Statement(sql));

        await using var cursor = await _connection.OpenCursorAsync(new Statement(sql));
        var batch = await cursor.ReadAsync(10, long.MaxValue);

        Assert.Equal(query.Columns, cursor.Columns);
        Assert.Equal(query.Rows[0], batch.Rows[0]);
        Assert.True(batch.Completed);
    }

    [Fact]
    public async Task The_first_rows_arrive_while_the_statement_is_still_running_on_the_server()
    {
        await using var cursor = await _connection.OpenCursorAsync(new Statement("SELECT g FROM generate_series(1, 5000000) g"));

        var first = await cursor.ReadAsync(100, long.MaxValue);

        Assert.Equal(100, first.Rows.Count);
        Assert.False(first.Completed);
        Assert.Equal("active", await AdminScalarAsync(
            $"SELECT state FROM pg_stat_activity WHERE datname = '{_name.FullName}' AND query LIKE 'SELECT g FROM generate_series%'"));
    }

    [Fact]
    public async Task Disposing_a_cursor_before_its_end_stops_the_statement_and_gives_the_connection_back()
    {
        var cursor = await _connection.OpenCursorAsync(new Statement("SELECT g FROM generate_series(1, 5000000) g"));
        await cursor.ReadAsync(100, long.MaxValue);

        await cursor.DisposeAsync();

        // The pool holds one connection: this only runs if the cursor gave it back.
        Assert.Equal(1L, (await _connection.QueryAsync(new Statement("SELECT 1::bigint"))).Rows[0][0]);
        Assert.Equal(0L, await AdminScalarAsync(
            $"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{_name.FullName}' AND state = 'active' AND query LIKE '%generate_series%'"));
    }

    [Fact]
    public async Task A_completed_cursor_gives_its_connection_back_when_disposed()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var cursor = await _connection.OpenCursorAsync(new Statement("SELECT 1"));
            Assert.True((await cursor.ReadAsync(10, long.MaxValue)).Completed);
        }

        Assert.Equal(1L, (await _connection.QueryAsync(new Statement("SELECT 1::bigint"))).Rows[0][0]);
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_the_rows_is_an_sql_error_and_the_connection_is_given_back()
    {
        await using (var cursor = await _connection.OpenCursorAsync(new Statement("SELECT 10 / (50000 - g) FROM generate_series(1, 100000) g")))
        {
            var error = await Assert.ThrowsAsync<DynamicDbException>(async () =>
            {
                while (!(await cursor.ReadAsync(1000, long.MaxValue)).Completed)
                {
                }
            });

            Assert.Equal(ErrorCodes.SqlError, error.ErrorCode);
            Assert.Contains("division by zero", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1L, (await _connection.QueryAsync(new Statement("SELECT 1::bigint"))).Rows[0][0]);
    }

    [Fact]
    public async Task A_statement_that_fails_to_start_gives_the_connection_back()
    {
        var error = await Assert.ThrowsAsync<DynamicDbException>(() => _connection.OpenCursorAsync(new Statement("SELECT * FROM missing")));

        Assert.Equal(ErrorCodes.SqlError, error.ErrorCode);
        Assert.Equal(1L, (await _connection.QueryAsync(new Statement("SELECT 1::bigint"))).Rows[0][0]);
    }

    [Fact]
    public async Task A_first_batch_read_with_the_start_answers_the_first_reads_within_their_caps_and_every_row_comes_once()
    {
        await using var cursor = await _connection.OpenCursorAsync(
            new Statement("SELECT g FROM generate_series(1, 100) g"), new RowBatchLimits(30, long.MaxValue));

        var small = await cursor.ReadAsync(12, long.MaxValue);
        var rest = new List<RowBatch>();
        do
        {
            rest.Add(await cursor.ReadAsync(30, long.MaxValue));
        }
        while (!rest[^1].Completed);

        Assert.Equal(12, small.Rows.Count);
        Assert.False(small.Completed);
        Assert.Equal(18, rest[0].Rows.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (object?)(long)i), rest.Prepend(small).SelectMany(b => b.Rows).Select(r => r[0]));
    }

    [Fact]
    public async Task A_first_batch_that_fails_fails_the_open_and_gives_the_connection_back()
    {
        var error = await Assert.ThrowsAsync<DynamicDbException>(() => _connection.OpenCursorAsync(
            new Statement("SELECT 10 / (5 - g) FROM generate_series(1, 10) g"), new RowBatchLimits(100, long.MaxValue)));

        Assert.Equal(ErrorCodes.SqlError, error.ErrorCode);
        Assert.Contains("division by zero", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, (await _connection.QueryAsync(new Statement("SELECT 1::bigint"))).Rows[0][0]);
    }

    private async Task<object?> AdminScalarAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        return await command.ExecuteScalarAsync();
    }
}
