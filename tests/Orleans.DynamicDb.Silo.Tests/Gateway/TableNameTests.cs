using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>Only identifiers reach the SQL of drop-table, and always quoted.</summary>
public sealed class TableNameTests
{
    [Theory]
    [InlineData("users", "\"users\"")]
    [InlineData("Old_Table2", "\"Old_Table2\"")]
    [InlineData("_t", "\"_t\"")]
    [InlineData("audit.events", "\"audit\".\"events\"")]
    public void Identifiers_are_quoted(string name, string quoted) => Assert.Equal(quoted, TableName.Quote(name, "table_name"));

    [Theory]
    [InlineData("")]
    [InlineData("1users")]
    [InlineData("users; DROP TABLE x")]
    [InlineData("us\"ers")]
    [InlineData("a.b.c")]
    [InlineData("a.")]
    [InlineData("tablé")]
    [InlineData("a_name_that_is_sixty_four_characters_long_0123456789012345678901")]
    public void Anything_else_is_refused_naming_the_field(string name)
    {
        var error = Assert.Throws<DynamicDbException>(() => TableName.Quote(name, "table_name"));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains("'table_name'", error.Message);
    }
}
