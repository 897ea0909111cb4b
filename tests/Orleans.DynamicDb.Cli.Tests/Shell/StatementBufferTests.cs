using Orleans.DynamicDb.Cli.Shell;

namespace Orleans.DynamicDb.Cli.Tests.Shell;

public sealed class StatementBufferTests
{
    [Fact]
    public void A_statement_ends_at_a_semicolon_outside_quotes_and_comments()
    {
        var buffer = new StatementBuffer();

        Assert.Empty(buffer.Add("SELECT 'a;b', \"c;d\" -- e;f"));
        Assert.Empty(buffer.Add("/* g; */ FROM t"));
        var done = buffer.Add("WHERE x = 'it''s;'; SELECT 2;;");

        Assert.Equal(2, done.Count);
        Assert.Equal("SELECT 'a;b', \"c;d\" -- e;f\n/* g; */ FROM t\nWHERE x = 'it''s;'", done[0]);
        Assert.Equal("SELECT 2", done[1]);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void What_is_left_without_a_semicolon_is_taken_at_the_end()
    {
        var buffer = new StatementBuffer();

        buffer.Add("SELECT 1");

        Assert.False(buffer.IsEmpty);
        Assert.Equal("SELECT 1", buffer.TakeRest());
        Assert.Null(buffer.TakeRest());
    }

    [Theory]
    [InlineData("SELECT 1", true)]
    [InlineData("  with x as (select 1) select * from x", true)]
    [InlineData("-- note\n(SELECT 1)", true)]
    [InlineData("PRAGMA table_info(t)", true)]
    [InlineData("INSERT INTO t VALUES (1) RETURNING id", true)]
    [InlineData("INSERT INTO t VALUES ('returning')", false)]
    [InlineData("UPDATE t SET x = 1", false)]
    [InlineData("CREATE TABLE t (x INTEGER)", false)]
    public void Statements_that_return_rows_are_queries(string sql, bool returnsRows) =>
        Assert.Equal(returnsRows, StatementKind.ReturnsRows(sql));
}
