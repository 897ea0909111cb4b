using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Errors;
using SQLitePCL;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>Connection state never leaks between requests: a connection goes back to the pool only clean, otherwise it is discarded.</summary>
public sealed class SqliteConnectionStateTests(ITestOutputHelper output) : SqliteEngineTestBase(output)
{
    [Fact]
    public async Task A_temporary_table_does_not_outlive_its_request()
    {
        var connection = await OpenAsync(NewName());

        await connection.ExecAsync(new Statement("CREATE TEMP TABLE scratch (x); INSERT INTO scratch VALUES (1)"));
        var later = await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(new Statement("SELECT x FROM temp.scratch")));

        Assert.Equal(ErrorCodes.SqlError, later.ErrorCode);
        Assert.Contains("no such table", later.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_table_still_serves_the_transaction_that_made_it()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE kept (x)"));

        await connection.TransactionAsync([
            new Statement("CREATE TEMP TABLE staging (x)"),
            new Statement("INSERT INTO staging VALUES (1), (2)"),
            new Statement("INSERT INTO kept SELECT x FROM staging"),
        ]);

        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM kept"));
        await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(new Statement("SELECT x FROM temp.staging")));
    }

    [Theory]
    [InlineData("BEGIN IMMEDIATE")]
    [InlineData("ATTACH ':memory:' AS other")]
    [InlineData("CREATE TEMP TRIGGER spy AFTER INSERT ON main.t BEGIN SELECT 1; END")]
    public void A_connection_left_dirty_is_discarded_instead_of_pooled(string leftover)
    {
        var options = Options();
        var path = Path.Combine(Data.Path, "direct.sqlite");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        var name = DatabaseName.Create("direct", "db");
        sqlite3 dirtyHandle;
        using (var first = new SqliteTenantConnection(connectionString, name, options, NullLogger.Instance))
        {
            first.Open();
            using (var create = new SqliteCommand("CREATE TABLE IF NOT EXISTS t (x)", first))
            {
                create.ExecuteNonQuery();
            }

            // Leave state behind as if a statement had got past the policy (and past SQLITE_LIMIT_ATTACHED 0).
            raw.sqlite3_limit(first.Handle, raw.SQLITE_LIMIT_ATTACHED, 1);
            using (first.Policy.AsEngine())
            {
                using var command = new SqliteCommand(leftover, first);
                command.ExecuteNonQuery();
            }

            dirtyHandle = first.Handle!;
        }

        using var next = new SqliteTenantConnection(connectionString, name, options, NullLogger.Instance);
        next.Open();

        Assert.True(dirtyHandle.IsClosed, "The dirty connection went back to the pool.");
        Assert.NotSame(dirtyHandle, next.Handle);
        Assert.Equal(1, raw.sqlite3_get_autocommit(next.Handle));
        Assert.False(SqliteNative.HasAttachedDatabase(next.Handle!));
        Assert.Equal(0, raw.sqlite3_limit(next.Handle, raw.SQLITE_LIMIT_ATTACHED, -1));

        SqliteConnection.ClearPool(next);
    }

    [Fact]
    public void Only_the_engines_own_transaction_may_begin_and_commit_through_created_commands()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Data.Path, "created.sqlite"), Pooling = false }.ToString();
        using var connection = new SqliteTenantConnection(connectionString, DatabaseName.Create("direct", "created"), Options(), NullLogger.Instance);
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (x)";
            create.ExecuteNonQuery();
        }

        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN";
        var refused = Assert.Throws<SqliteException>(() => begin.ExecuteNonQuery());
        Assert.Equal(1, raw.sqlite3_get_autocommit(connection.Handle));

        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            using var insert = new SqliteCommand("INSERT INTO t VALUES (1)", connection, transaction);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        Assert.Equal(23, refused.SqliteErrorCode);
        Assert.Contains("Transaction control (BEGIN)", connection.Policy.TakeDenial()?.Message, StringComparison.Ordinal);
        using var count = new SqliteCommand("SELECT COUNT(*) FROM t", connection);
        Assert.Equal(1L, count.ExecuteScalar());
    }

    [Fact]
    public void A_clean_connection_goes_back_to_the_pool_configured_once()
    {
        var options = Options();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Data.Path, "pooled.sqlite"), Pooling = true }.ToString();
        var name = DatabaseName.Create("direct", "pooled");
        sqlite3 handle;
        SqliteConnectionPolicy policy;
        using (var first = new SqliteTenantConnection(connectionString, name, options, NullLogger.Instance))
        {
            first.Open();
            using var command = new SqliteCommand("CREATE TABLE t (x); INSERT INTO t VALUES (1)", first);
            command.ExecuteNonQuery();
            handle = first.Handle!;
            policy = first.Policy;
        }

        using var next = new SqliteTenantConnection(connectionString, name, options, NullLogger.Instance);
        next.Open();

        Assert.Same(handle, next.Handle);
        Assert.Same(policy, next.Policy);
        Assert.Equal(1, raw.sqlite3_db_config(next.Handle, raw.SQLITE_DBCONFIG_DEFENSIVE, -1, out var defensive) == 0 ? defensive : -1);
        Assert.Equal(0, raw.sqlite3_db_config(next.Handle, raw.SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, out var trusted) == 0 ? trusted : -1);
        Assert.Equal(1, raw.sqlite3_db_config(next.Handle, raw.SQLITE_DBCONFIG_ENABLE_FKEY, -1, out var foreignKeys) == 0 ? foreignKeys : -1);
        Assert.Equal(0, raw.sqlite3_limit(next.Handle, raw.SQLITE_LIMIT_ATTACHED, -1));
        Assert.Equal(options.SqliteLimits.MaxSqlLength, raw.sqlite3_limit(next.Handle, raw.SQLITE_LIMIT_SQL_LENGTH, -1));
        Assert.Equal(options.SqliteLimits.MaxExpressionDepth, raw.sqlite3_limit(next.Handle, raw.SQLITE_LIMIT_EXPR_DEPTH, -1));
        Assert.Equal(options.SqliteLimits.MaxLikePatternLength, raw.sqlite3_limit(next.Handle, raw.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, -1));
        SqliteConnection.ClearPool(next);
    }
}
