using Orleans.DynamicDb.Cli.Commands;

namespace Orleans.DynamicDb.Cli.Tests.Commands;

public sealed class SqlArgumentsTests
{
    [Fact]
    public void Json_literals_keep_their_type_and_other_text_is_a_string()
    {
        var args = SqlArguments.Parse(["42", "1.5", "true", "null", "\"42\"", "Alice", "A%", "", "2026-12-05"]);

        Assert.Equal("[42,1.5,true,null,\"42\",\"Alice\",\"A%\",\"\",\"2026-12-05\"]", args.ToJsonString());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1}")]
    public void Arrays_and_objects_are_refused_naming_the_value(string value)
    {
        var e = Assert.Throws<CliException>(() => SqlArguments.Parse([value]));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(value, e.Message);
    }
}
