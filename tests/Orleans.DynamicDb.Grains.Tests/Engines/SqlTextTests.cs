using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class SqlTextTests
{
    [Theory]
    [InlineData("INSERT INTO t VALUES (1)", "INSERT")]
    [InlineData("  insert into t VALUES (1)", "INSERT")]
    [InlineData("-- note\n/* block */ Insert INTO t VALUES (1)", "INSERT")]
    [InlineData("(SELECT 1)", "SELECT")]
    [InlineData("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "WITH")]
    [InlineData("", "")]
    [InlineData("-- only a comment", "")]
    public void The_leading_keyword_skips_whitespace_comments_and_parentheses(string sql, string expected)
    {
        Assert.Equal(expected, SqlText.LeadingKeyword(sql, SqlDialect.Postgres));
    }
}
