using Orleans.DynamicDb.Silo.PgWire;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>Pure logic of the frontend: placeholders, statement splitting, classification, numeric encoding.</summary>
public sealed class SqlTranslationTests
{
    [Fact]
    public void Dollar_placeholders_become_positional_ones_and_a_reused_parameter_is_passed_twice()
    {
        var translation = SqlTranslation.Of("SELECT * FROM t WHERE a = $2 AND b = $1 OR c = $2");

        Assert.Equal("SELECT * FROM t WHERE a = ? AND b = ? OR c = ?", translation.Sql);
        Assert.Equal(2, translation.ParameterCount);
        Assert.Equal(new object?[] { "two", "one", "two" }, translation.Arguments(["one", "two"]));
    }

    [Fact]
    public void Placeholders_inside_quotes_and_comments_are_left_alone_and_a_literal_question_mark_is_doubled()
    {
        var translation = SqlTranslation.Of("SELECT '$1', \"$2\", $$ $1 $$, data ? 'k' -- $1\nFROM t WHERE id = $1 /* $2 */");

        Assert.Equal("SELECT '$1', \"$2\", $$ $1 $$, data ?? 'k' -- $1\nFROM t WHERE id = ? /* $2 */", translation.Sql);
        Assert.Equal([0], translation.Order);
    }

    [Fact]
    public void A_simple_query_splits_at_semicolons_outside_quotes_and_skips_empty_statements()
    {
        var parts = SqlScanner.Split("INSERT INTO t VALUES (';'); ; -- only a comment;\nSELECT 1;");

        Assert.Equal(["INSERT INTO t VALUES (';')", " -- only a comment;\nSELECT 1"], parts);
    }

    [Theory]
    [InlineData("select 1", "Query", "SELECT 1")]
    [InlineData("  /* c */ (SELECT 1)", "Query", "SELECT 1")]
    [InlineData("insert into t values (1)", "Exec", "INSERT 0 1")]
    [InlineData("UPDATE t SET a = 1", "Exec", "UPDATE 1")]
    [InlineData("create unique index i on t (a)", "Exec", "CREATE INDEX")]
    [InlineData("with x as (select 1) delete from t", "Exec", "DELETE 1")]
    [InlineData("insert into t values (1) returning id", "WriteReturning", "INSERT 0 1")]
    [InlineData("begin", "Transaction", "BEGIN")]
    [InlineData("set TimeZone to 'UTC'", "Set", "SET")]
    [InlineData("-- nothing", "Empty", "")]
    public void Statements_are_classified_and_tagged_like_postgres(string sql, string kindName, string tag)
    {
        var statement = PgStatement.Of(sql);
        var kind = Enum.Parse<StatementKind>(kindName);

        Assert.Equal(kind, statement.Kind);
        if (kind != StatementKind.Empty)
        {
            Assert.Equal(tag, statement.Tag(1));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-12345.678")]
    [InlineData("0.0001")]
    [InlineData("10000")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-0.0000000000000000000000000001")]
    public void Numeric_values_survive_the_binary_form(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var buffer = new byte[PgNumeric.MaxBinaryLength];

        var length = PgNumeric.Write(buffer, value);

        Assert.Equal(value, PgNumeric.Read(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Session_commands_are_parsed_with_their_value()
    {
        Assert.Equal(new SetCommand("SET", "application_name", "my app"), SetCommand.Parse("SET application_name = 'my app'"));
        Assert.Equal(new SetCommand("SET", "TimeZone", "UTC"), SetCommand.Parse("set time zone 'UTC'"));
        Assert.Equal(new SetCommand("SET", "extra_float_digits", "3"), SetCommand.Parse("SET SESSION extra_float_digits TO 3"));
        Assert.Equal(new SetCommand("SHOW", null, null), SetCommand.Parse("SHOW ALL"));
    }
}
