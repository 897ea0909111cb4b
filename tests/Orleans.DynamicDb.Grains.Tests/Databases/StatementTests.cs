using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

public sealed class StatementTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_statement_needs_sql(string? sql)
    {
        var error = Assert.Throws<DynamicDbException>(() => new Statement(sql!));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
    }

    [Fact]
    public void Arguments_default_to_none_and_keep_their_order()
    {
        Assert.Empty(new Statement("SELECT 1").Args);
        Assert.Empty(new Statement("SELECT 1", null!).Args);
        Assert.Equal([1, "a", null], Statement.Of("SELECT ?, ?, ?", 1, "a", null).Args);
    }

    [Fact]
    public void A_query_result_counts_its_rows()
    {
        var result = new QueryResult(["a"], [[1L], [2L]]);

        Assert.Equal(2, result.Count);
    }

    [Fact]
    public void Errors_carry_a_stable_code_and_whether_a_retry_may_help()
    {
        var error = new DynamicDbException(ErrorCodes.SqlTimeout, "too slow", isTransient: true);

        Assert.Equal("sql.timeout", error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.False(new DynamicDbException(ErrorCodes.SqlSyntax, "bad").IsTransient);
        Assert.StartsWith("sql.timeout: ", error.ToString());
    }
}
