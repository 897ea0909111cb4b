using Orleans.DynamicDb.Cli.Mcp.Tools;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

public sealed class ReadOnlySqlTests
{
    [Theory]
    [InlineData("SELECT * FROM t")]
    [InlineData("  select id from t where name = 'DROP TABLE t; DELETE' ;  ")]
    [InlineData("WITH x AS (SELECT 1 AS a) SELECT a FROM x")]
    [InlineData("SELECT \"update\" FROM \"insert\" -- DELETE FROM t\n")]
    [InlineData("/* INSERT */ VALUES (1), (2)")]
    [InlineData("EXPLAIN SELECT 1")]
    [InlineData("SELECT 'it''s; DROP' AS s")]
    public void Read_only_queries_pass(string sql) => Assert.Null(ReadOnlySql.Refusal(sql));

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)", "starts with 'INSERT'")]
    [InlineData("SELECT 1; DELETE FROM t", "more than one statement")]
    [InlineData("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "'DELETE'")]
    [InlineData("SELECT * INTO copy FROM t", "'INTO'")]
    [InlineData("SELECT nextval('s')", "'NEXTVAL'")]
    [InlineData("PRAGMA journal_mode = DELETE", "starts with 'PRAGMA'")]
    [InlineData("   -- only a comment", "no SQL statement")]
    [InlineData("SELECT set_config('a', 'b', false); SELECT 1", "more than one statement")]
    public void Statements_that_write_or_hide_a_second_one_are_refused(string sql, string reason) =>
        Assert.Contains(reason, ReadOnlySql.Refusal(sql));
}
