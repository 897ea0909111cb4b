using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>The size limits bound what one statement can make SQLite parse, nest, match or allocate, and say which setting was hit.</summary>
public sealed class SqliteLimitTests(ITestOutputHelper output) : SqliteEngineTestBase(output)
{
    protected override void Configure(EngineOptions options) => options.SqliteLimits.MaxSqlLength = 4096;

    [Fact]
    public async Task A_too_deep_expression_is_refused_naming_the_setting()
    {
        var connection = await OpenAsync(NewName());
        var deep = "SELECT " + string.Join(" + ", Enumerable.Repeat("1", 600));
        var fine = "SELECT " + string.Join(" + ", Enumerable.Repeat("1", 400));

        var e = await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(new Statement(deep)));

        Assert.Equal(ErrorCodes.SqlError, e.ErrorCode);
        Assert.Contains("an expression is nested deeper than 500 (setting SqliteLimits:MaxExpressionDepth)", e.Message, StringComparison.Ordinal);
        Assert.Equal(400L, await ScalarAsync(connection, fine));
    }

    [Fact]
    public async Task A_too_long_like_pattern_is_refused_naming_the_setting()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('abc')"));

        var e = await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(new Statement("SELECT COUNT(*) FROM t WHERE v LIKE ?", [new string('%', 1001)])));

        Assert.Equal(ErrorCodes.SqlError, e.ErrorCode);
        Assert.Contains("a LIKE or GLOB pattern is longer than 1000 (setting SqliteLimits:MaxLikePatternLength)", e.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM t WHERE v LIKE ?", new string('%', 1000)));
    }

    [Fact]
    public async Task A_too_long_sql_text_is_refused_naming_the_setting_and_nothing_runs()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE t (v TEXT)"));

        var e = await Assert.ThrowsAsync<DynamicDbException>(() => connection.ExecAsync(new Statement($"INSERT INTO t VALUES ('{new string('x', 5000)}')")));

        Assert.Equal(ErrorCodes.SqlError, e.ErrorCode);
        Assert.Contains("the SQL text may be at most 4096 bytes (setting SqliteLimits:MaxSqlLength", e.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task A_value_larger_than_the_limit_is_refused_before_it_is_built()
    {
        var connection = await OpenAsync(NewName());

        var e = await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(new Statement("SELECT length(zeroblob(100000000))")));

        Assert.Equal(ErrorCodes.SqlError, e.ErrorCode);
        Assert.Contains("a string or BLOB at most 33554432 bytes (setting SqliteLimits:MaxValueLength)", e.Message, StringComparison.Ordinal);
    }
}
