using Orleans.DynamicDb.Engines.Ha.Safety;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Safety;

public sealed class StatementClassifierTests
{
    [Theory]
    [InlineData("SELECT * FROM t WHERE id = $1")]
    [InlineData("  (SELECT 1) UNION (SELECT 2)")]
    [InlineData("-- note\nselect 'INSERT INTO x' AS text")]
    [InlineData("VALUES (1), (2)")]
    [InlineData("TABLE t")]
    [InlineData("SHOW server_version")]
    [InlineData("EXPLAIN SELECT 1")]
    [InlineData("SELECT 1; SELECT \"update\" FROM t")]
    public void Statements_that_only_read_are_reads(string sql) =>
        Assert.Equal(StatementKind.Read, StatementClassifier.Classify(sql));

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)")]
    [InlineData("UPDATE t SET n = 1")]
    [InlineData("delete from t")]
    [InlineData("CREATE TABLE t (id int)")]
    [InlineData("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone")]
    [InlineData("SELECT * INTO copy FROM t")]
    [InlineData("SELECT * FROM t FOR UPDATE")]
    [InlineData("SELECT nextval('s')")]
    [InlineData("EXPLAIN ANALYZE DELETE FROM t")]
    [InlineData("SELECT 1; DROP TABLE t")]
    [InlineData("")]
    [InlineData("/* only a comment */")]
    public void Anything_that_may_write_is_a_write(string sql) =>
        Assert.Equal(StatementKind.Write, StatementClassifier.Classify(sql));
}
