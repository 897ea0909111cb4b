using System.Net.Sockets;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>Interactive transactions over the wire (psql, Npgsql, a bare client) on a <c>sqlite</c> and a <c>postgres</c> database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgWireTransactionTests(PostgresFixture postgres, PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() => PgWireSiloFixture.SqliteAndPostgres(postgres));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task A_psql_script_keeps_committed_rows_drops_rolled_back_ones_and_ignores_statements_in_a_failed_transaction(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        const string script = """
            CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
            BEGIN;
            INSERT INTO t VALUES (1, 'kept');
            COMMIT;
            BEGIN;
            INSERT INTO t VALUES (2, 'gone');
            ROLLBACK;
            START TRANSACTION;
            INSERT INTO t VALUES (3, 'failed');
            SELECT count(*) FROM t;
            INSERT INTO t VALUES (1, 'duplicate');
            SELECT 42;
            COMMIT;
            SELECT id, v FROM t ORDER BY id;
            """;

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, script, "-A", "-t");

        Assert.True(code == 0, $"psql failed ({code}): {error}");
        Assert.Equal(["CREATE TABLE", "BEGIN", "INSERT 0 1", "COMMIT", "BEGIN", "INSERT 0 1", "ROLLBACK", "START TRANSACTION", "INSERT 0 1", "2", "ROLLBACK", "1|kept"], Lines(output));
        Assert.Contains("current transaction is aborted, commands ignored until end of transaction block", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task A_psql_script_rolls_back_to_a_savepoint_after_a_failed_statement_and_commits_the_rest_while_savepoints_outside_a_transaction_are_refused(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        const string script = """
            CREATE TABLE t (id INTEGER PRIMARY KEY);
            BEGIN;
            INSERT INTO t VALUES (1);
            SAVEPOINT s1;
            INSERT INTO t VALUES (1);
            SELECT 42;
            ROLLBACK TO SAVEPOINT s1;
            INSERT INTO t VALUES (2);
            SAVEPOINT s2;
            INSERT INTO t VALUES (3);
            RELEASE SAVEPOINT s2;
            COMMIT;
            SELECT count(*) FROM t;
            SAVEPOINT outside;
            """;

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, script, "-A", "-t", "-v", "VERBOSITY=verbose");

        Assert.True(code == 0, $"psql failed ({code}): {error}");
        Assert.Equal(["CREATE TABLE", "BEGIN", "INSERT 0 1", "SAVEPOINT", "ROLLBACK", "INSERT 0 1", "SAVEPOINT", "INSERT 0 1", "RELEASE", "COMMIT", "3"], Lines(output));
        Assert.Contains("25P02: current transaction is aborted", error, StringComparison.Ordinal);
        Assert.Contains("25P01: SAVEPOINT can only be used in transaction blocks", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task Npgsql_save_and_rollback_to_a_savepoint_undo_only_the_writes_after_it_and_clear_a_failure(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        await using var connection = await OpenAsync(silo, database);
        await ExecAsync(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecAsync(connection, "INSERT INTO t VALUES (1, 'kept')", transaction);
            await transaction.SaveAsync("before_two");
            await ExecAsync(connection, "INSERT INTO t VALUES (2, 'undone')", transaction);
            await transaction.RollbackAsync("before_two");
            await transaction.SaveAsync("before_duplicate");
            var duplicate = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(connection, "INSERT INTO t VALUES (1, 'duplicate')", transaction));
            await transaction.RollbackAsync("before_duplicate");
            await ExecAsync(connection, "INSERT INTO t VALUES (3, 'after')", transaction);
            await transaction.ReleaseAsync("before_duplicate");
            await transaction.CommitAsync();
            Assert.Equal("23505", duplicate.SqlState);
        }

        Assert.Equal(2L, Convert.ToInt64(await ScalarAsync(connection, "SELECT count(*) FROM t"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2L, Convert.ToInt64(await ScalarAsync(connection, "SELECT count(*) FROM t WHERE id IN (1, 3)"), System.Globalization.CultureInfo.InvariantCulture));
        var autocommit = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(connection, "SAVEPOINT alone"));
        Assert.Equal("25P01", autocommit.SqlState);
    }

    [Theory]
    [InlineData("sqlite", "serializable")]
    [InlineData("sqlite", "repeatable read")]
    [InlineData("pg", "read committed")]
    [InlineData("pg", "serializable")]
    [InlineData("pg", "repeatable read")]
    public async Task A_transaction_gets_the_isolation_it_asked_for(string engine, string level)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        var query = engine == "pg" ? "SELECT current_setting('transaction_isolation')" : "SELECT 'serializable'";

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey,
            $"BEGIN ISOLATION LEVEL {level};\n{query};\nCOMMIT;\n", "-A", "-t", "-v", "VERBOSITY=verbose");

        Assert.True(code == 0, $"psql failed ({code}): {error}");

        // SQLite transactions are serializable, which satisfies every level.
        Assert.Equal(["BEGIN", engine == "pg" ? level : "serializable", "COMMIT"], Lines(output));
    }

    [Fact]
    public async Task Two_repeatable_read_transactions_updating_the_same_row_on_postgres_fail_the_second_with_40001()
    {
        var (silo, database) = await NewDatabaseAsync("pg");
        await using var first = await OpenAsync(silo, database);
        await using var second = await OpenAsync(silo, database);
        await ExecAsync(first, "CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
        await ExecAsync(first, "INSERT INTO counters VALUES (1, 0)");
        await using var a = await first.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using var b = await second.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        Assert.Equal(0, Convert.ToInt32(await ScalarAsync(first, "SELECT n FROM counters WHERE id = 1", a), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, Convert.ToInt32(await ScalarAsync(second, "SELECT n FROM counters WHERE id = 1", b), System.Globalization.CultureInfo.InvariantCulture));
        await ExecAsync(first, "UPDATE counters SET n = n + 1 WHERE id = 1", a);
        await a.CommitAsync();

        var conflict = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(second, "UPDATE counters SET n = n + 10 WHERE id = 1", b));
        await b.RollbackAsync();

        Assert.Equal("40001", conflict.SqlState);
        Assert.Equal(1, Convert.ToInt32(await ScalarAsync(first, "SELECT n FROM counters WHERE id = 1"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("sqlite", "BEGIN READ ONLY", true)]
    [InlineData("pg", "BEGIN READ ONLY", true)]
    [InlineData("pg", "BEGIN", false)]
    public async Task A_read_only_transaction_or_key_refuses_writes_with_25006(string engine, string begin, bool appKey)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        var setup = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, "CREATE TABLE t (id INTEGER PRIMARY KEY);", "-v", "ON_ERROR_STOP=1");
        Assert.True(setup.ExitCode == 0, setup.Error);

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), appKey ? GatewaySilo.AlphaKey : GatewaySilo.AlphaReadOnlyKey,
            $"{begin};\nSELECT count(*) FROM t;\nINSERT INTO t VALUES (1);\nROLLBACK;\n", "-A", "-t", "-v", "VERBOSITY=verbose");

        Assert.True(code == 0, $"psql failed ({code}): {error}");
        Assert.Equal(["BEGIN", "0", "ROLLBACK"], Lines(output));
        Assert.Contains("25006", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task An_npgsql_transaction_is_invisible_to_another_connection_until_it_commits_and_a_rollback_leaves_nothing(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        await using var writer = await OpenAsync(silo, database);
        await using var reader = await OpenAsync(silo, database);
        await ExecAsync(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");

        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await ExecAsync(writer, "INSERT INTO t VALUES (1, 'one')", transaction);
            Assert.Equal(1L, await ScalarAsync(writer, "SELECT count(*) FROM t", transaction));
            Assert.Equal(0L, await ScalarAsync(reader, "SELECT count(*) FROM t"));
            await transaction.CommitAsync();
        }

        Assert.Equal(1L, await ScalarAsync(reader, "SELECT count(*) FROM t"));

        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await ExecAsync(writer, "INSERT INTO t VALUES (2, 'two')", transaction);
            await ExecAsync(writer, "UPDATE t SET v = 'changed' WHERE id = 1", transaction);
            await transaction.RollbackAsync();
        }

        Assert.Equal(1L, await ScalarAsync(reader, "SELECT count(*) FROM t"));
        Assert.Equal("one", await ScalarAsync(reader, "SELECT v FROM t WHERE id = 1"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task A_failed_npgsql_transaction_answers_25P02_until_rolled_back_and_its_earlier_writes_are_gone(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        await using var connection = await OpenAsync(silo, database);
        await ExecAsync(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecAsync(connection, "INSERT INTO t VALUES (1)", transaction);

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(connection, "INSERT INTO t VALUES (1)", transaction));
        var ignored = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, "SELECT 1", transaction));
        await transaction.RollbackAsync();

        Assert.Equal("23505", duplicate.SqlState);
        Assert.Equal("25P02", ignored.SqlState);
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task ReadyForQuery_reports_idle_in_transaction_and_failed_transaction()
    {
        var (silo, database) = await NewDatabaseAsync("sqlite");
        await using var client = await RawPgClient.LoginAsync(silo.Port, "alpha", GatewaySilo.AlphaKey, database);

        var statuses = new List<char>();
        foreach (var sql in new[] { "SELECT 1", "BEGIN", "SELECT 1", "SELECT * FROM no_such_table", "SELECT 1", "ROLLBACK", "COMMIT" })
        {
            await client.SendAsync('Q', RawPgClient.CString(sql));
            var messages = await client.ReadUntilAsync('Z');
            statuses.Add((char)messages[^1].Payload[0]);
        }

        Assert.Equal(['I', 'T', 'T', 'E', 'E', 'I', 'I'], statuses);
    }

    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("pg", false)]
    [InlineData("sqlite", true)]
    public async Task A_client_whose_socket_is_cut_or_that_terminates_inside_a_transaction_leaves_nothing_half_applied(string engine, bool terminate)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        await using var other = await OpenAsync(silo, database);
        await ExecAsync(other, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
        await ExecAsync(other, "INSERT INTO accounts VALUES (1, 100), (2, 100)");
        var grain = silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}");

        var client = await RawPgClient.LoginAsync(silo.Port, "alpha", GatewaySilo.AlphaKey, database);
        foreach (var sql in new[] { "BEGIN", "UPDATE accounts SET balance = balance - 30 WHERE id = 1", "UPDATE accounts SET balance = balance + 30 WHERE id = 2" })
        {
            await client.SendAsync('Q', RawPgClient.CString(sql));
            var answer = await client.ReadUntilAsync('Z');
            Assert.DoesNotContain(answer, m => m.Type == 'E');
        }

        Assert.Single((await grain.GetActivityAsync()).Transactions);
        if (terminate)
        {
            await client.SendAsync('X', []);
        }
        else
        {
            client.AbortSocket();
        }

        await client.DisposeAsync();

        // The frontend rolls it back when the connection goes (the database's own idle timeout would take 60 s).
        await Eventually.True(async () => (await grain.GetActivityAsync()).Transactions.Count == 0, "the cut connection's transaction is still open", TimeSpan.FromSeconds(20));
        await ExecAsync(other, "UPDATE accounts SET balance = balance + 0 WHERE id = 1");
        Assert.Equal(200L, Convert.ToInt64(await ScalarAsync(other, "SELECT sum(balance) FROM accounts"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(100L, Convert.ToInt64(await ScalarAsync(other, "SELECT balance FROM accounts WHERE id = 1"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task A_transaction_idle_past_its_timeout_is_rolled_back_and_the_next_statement_says_why(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        await using var connection = await OpenAsync(silo, database);
        await ExecAsync(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await ExecAsync(connection, "SET idle_in_transaction_session_timeout = '1s'");
        var grain = silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}");
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecAsync(connection, "INSERT INTO t VALUES (1)", transaction);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single((await grain.GetActivityAsync()).Transactions).IdleTimeout);

        await Eventually.True(async () => (await grain.GetActivityAsync()).Transactions.Count == 0, "the idle transaction was not rolled back", TimeSpan.FromSeconds(30));
        var aborted = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(connection, "INSERT INTO t VALUES (2)", transaction));
        await transaction.RollbackAsync();

        Assert.Equal("25P03", aborted.SqlState);
        Assert.Contains("idle", aborted.MessageText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM t"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task A_write_with_returning_answers_its_rows_inside_and_outside_a_transaction(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        const string script = """
            CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
            INSERT INTO t VALUES (1, 'one'), (2, 'two') RETURNING id, v;
            BEGIN;
            UPDATE t SET v = 'ONE' WHERE id = 1 RETURNING v;
            ROLLBACK;
            DELETE FROM t WHERE id = 2 RETURNING id;
            SELECT id, v FROM t;
            """;

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, script, "-v", "ON_ERROR_STOP=1", "-A", "-t");

        Assert.True(code == 0, $"psql failed ({code}): {error}");
        Assert.Equal(["CREATE TABLE", "1|one", "2|two", "INSERT 0 2", "BEGIN", "ONE", "UPDATE 1", "ROLLBACK", "2", "DELETE 1", "1|one"], Lines(output));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task Copy_from_stdin_loads_text_and_csv_rows_and_copy_to_stdout_answers_them(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        const string script =
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, note TEXT);\n" +
            "COPY items FROM STDIN;\n" +
            "1\tone\t\\N\n" +
            "2\ttab\\there\tx\n" +
            "\\.\n" +
            "COPY items (id, name, note) FROM STDIN WITH (FORMAT csv, HEADER);\n" +
            "id,name,note\n" +
            "3,\"comma, \"\"quoted\"\"\",\n" +
            "\\.\n" +
            "SELECT id, name, coalesce(note, 'NULL') FROM items ORDER BY id;\n" +
            "COPY (SELECT id, name FROM items WHERE id < 3 ORDER BY id) TO STDOUT WITH (FORMAT csv);\n";

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, script, "-v", "ON_ERROR_STOP=1", "-A", "-t");

        Assert.True(code == 0, $"psql failed ({code}): {error}");
        Assert.Equal(["CREATE TABLE", "COPY 2", "COPY 1", "1|one|NULL", "2|tab\there|x", "3|comma, \"quoted\"|NULL", "1,one", "2,tab\there"], Lines(output));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task An_npgsql_text_import_runs_in_the_open_transaction_and_rolls_back_with_it(string engine)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        await using var connection = await OpenAsync(silo, database);
        await ExecAsync(connection, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecAsync(connection, "INSERT INTO items VALUES (0, 'zero')", transaction);
            using (var import = await connection.BeginTextImportAsync("COPY items (id, name) FROM STDIN"))
            {
                for (var i = 1; i <= 1200; i++)
                {
                    await import.WriteLineAsync($"{i}\tname {i}");
                }
            }

            Assert.Equal(1201L, await ScalarAsync(connection, "SELECT count(*) FROM items", transaction));
            await transaction.RollbackAsync();
        }

        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM items"));
        using (var import = await connection.BeginTextImportAsync("COPY items (id, name) FROM STDIN"))
        {
            await import.WriteLineAsync("7\tseven");
        }

        Assert.Equal("seven", await ScalarAsync(connection, "SELECT name FROM items WHERE id = 7"));
    }

    [Theory]
    [InlineData("sqlite", "1\tone\n2\n", "missing data for column \"name\"", "line 2")]
    [InlineData("pg", "1\tone\n2\ttwo\n3\tthree\tfour\n", "extra data after last expected column", "line 3")]
    [InlineData("sqlite", "1\tone\n1\tagain\n", "UNIQUE", "lines 1–2")]
    public async Task A_bad_copy_line_is_refused_with_its_line_number_and_nothing_is_loaded(string engine, string data, string problem, string line)
    {
        var (silo, database) = await NewDatabaseAsync(engine);
        var script = $"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\nCOPY items FROM STDIN;\n{data}\\.\nSELECT count(*) FROM items;\n";

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, script, "-A", "-t", "-v", "VERBOSITY=verbose");

        Assert.True(code == 0, $"psql failed ({code}): {error}");
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains($"(COPY items, {line})", error, StringComparison.Ordinal);
        Assert.Equal(["CREATE TABLE", "0"], Lines(output));
    }

    private async Task<(PgWireSilo Silo, string Database)> NewDatabaseAsync(string engine)
    {
        var silo = await SiloAsync();
        var database = $"tx_{engine}_{Guid.NewGuid():N}"[..30];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync(engine);
        return (silo, database);
    }

    private static async Task<NpgsqlConnection> OpenAsync(PgWireSilo silo, string database)
    {
        var connection = new NpgsqlConnection(silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync();
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
