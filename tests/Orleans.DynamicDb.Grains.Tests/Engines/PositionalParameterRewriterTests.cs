using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class PositionalParameterRewriterTests
{
    private static string Postgres(string sql, int expectedCount)
    {
        var rewritten = PositionalParameterRewriter.Rewrite(sql, SqlDialect.Postgres);
        Assert.Equal(expectedCount, rewritten.ParameterCount);
        return rewritten.Sql;
    }

    private static string Sqlite(string sql, int expectedCount)
    {
        var rewritten = PositionalParameterRewriter.Rewrite(sql, SqlDialect.Sqlite);
        Assert.Equal(expectedCount, rewritten.ParameterCount);
        return rewritten.Sql;
    }

    [Fact]
    public void Sql_without_question_marks_is_returned_unchanged()
    {
        const string sql = "SELECT * FROM t WHERE a = 'x'";

        Assert.Same(sql, Postgres(sql, 0));
    }

    [Fact]
    public void Placeholders_are_numbered_from_one_in_order()
    {
        Assert.Equal("SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)", Postgres("SELECT * FROM t WHERE a = ? AND b IN (?, ?)", 3));
    }

    [Fact]
    public void Numbers_go_past_nine()
    {
        var sql = "VALUES (" + string.Join(",", Enumerable.Repeat("?", 12)) + ")";

        Assert.Equal("VALUES (" + string.Join(",", Enumerable.Range(1, 12).Select(i => "$" + i)) + ")", Postgres(sql, 12));
    }

    [Theory]
    [InlineData("SELECT '?' , ?", "SELECT '?' , $1", 1)]
    [InlineData("SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1)]
    [InlineData("SELECT '', ?", "SELECT '', $1", 1)]
    [InlineData("SELECT '''?''' , ?", "SELECT '''?''' , $1", 1)]
    public void Question_marks_in_string_literals_are_text(string sql, string expected, int count)
    {
        Assert.Equal(expected, Postgres(sql, count));
    }

    [Theory]
    [InlineData(@"SELECT E'it\'s ?', ?", @"SELECT E'it\'s ?', $1")]
    [InlineData(@"SELECT e'\\', ?", @"SELECT e'\\', $1")]
    [InlineData(@"SELECT E'a\'?'' ?', ?", @"SELECT E'a\'?'' ?', $1")]
    public void Backslash_escapes_apply_in_postgres_escape_strings(string sql, string expected)
    {
        Assert.Equal(expected, Postgres(sql, 1));
    }

    [Fact]
    public void Backslashes_in_standard_strings_escape_nothing()
    {
        // standard_conforming_strings: 'a\' is a complete literal, so the ? after it is a placeholder.
        Assert.Equal(@"SELECT 'a\', $1", Postgres(@"SELECT 'a\', ?", 1));
    }

    [Fact]
    public void An_identifier_ending_in_e_does_not_start_an_escape_string()
    {
        Assert.Equal(@"SELECT * FROM t WHERE type='a\' AND b = $1", Postgres(@"SELECT * FROM t WHERE type='a\' AND b = ?", 1));
    }

    [Theory]
    [InlineData("SELECT \"col?\" FROM t WHERE x = ?", "SELECT \"col?\" FROM t WHERE x = $1")]
    [InlineData("SELECT \"a\"\"?\" FROM t WHERE x = ?", "SELECT \"a\"\"?\" FROM t WHERE x = $1")]
    public void Question_marks_in_quoted_identifiers_are_names(string sql, string expected)
    {
        Assert.Equal(expected, Postgres(sql, 1));
    }

    [Theory]
    [InlineData("SELECT $$ ? $$, ?", "SELECT $$ ? $$, $1")]
    [InlineData("SELECT $fn$ select ?; $$ ? $$ $fn$, ?", "SELECT $fn$ select ?; $$ ? $$ $fn$, $1")]
    [InlineData("SELECT $a$ 'unbalanced ? $a$, ?", "SELECT $a$ 'unbalanced ? $a$, $1")]
    [InlineData("DO $body$ BEGIN RAISE NOTICE '?'; END $body$; SELECT ?", "DO $body$ BEGIN RAISE NOTICE '?'; END $body$; SELECT $1")]
    public void Dollar_quoted_bodies_are_left_alone(string sql, string expected)
    {
        Assert.Equal(expected, Postgres(sql, 1));
    }

    [Fact]
    public void A_dollar_inside_an_identifier_opens_no_quote()
    {
        Assert.Equal("SELECT foo$bar$ FROM t WHERE a = $1", Postgres("SELECT foo$bar$ FROM t WHERE a = ?", 1));
        Assert.Equal("SELECT a$b, $1", Postgres("SELECT a$b, ?", 1));
    }

    [Fact]
    public void An_unterminated_dollar_quote_swallows_the_rest()
    {
        Assert.Equal("SELECT $q$ ? ?", Postgres("SELECT $q$ ? ?", 0));
    }

    [Theory]
    [InlineData("SELECT 1 -- why?\n, ?", "SELECT 1 -- why?\n, $1", 1)]
    [InlineData("SELECT ? -- trailing ?", "SELECT $1 -- trailing ?", 1)]
    [InlineData("SELECT /* ? */ ?", "SELECT /* ? */ $1", 1)]
    [InlineData("SELECT 1 - ?", "SELECT 1 - $1", 1)]
    [InlineData("SELECT 4 / ?", "SELECT 4 / $1", 1)]
    public void Question_marks_in_comments_are_comments(string sql, string expected, int count)
    {
        Assert.Equal(expected, Postgres(sql, count));
    }

    [Fact]
    public void Postgres_block_comments_nest()
    {
        Assert.Equal("SELECT /* outer /* inner ? */ still ? */ $1", Postgres("SELECT /* outer /* inner ? */ still ? */ ?", 1));
    }

    [Fact]
    public void Sqlite_block_comments_do_not_nest()
    {
        Assert.Equal("SELECT /* outer /* inner ? */ @p1 */", Sqlite("SELECT /* outer /* inner ? */ ? */", 1));
    }

    [Theory]
    [InlineData("SELECT data ?? 'key' FROM t WHERE id = ?", "SELECT data ? 'key' FROM t WHERE id = $1", 1)]
    [InlineData("SELECT data ??| array['a'] FROM t", "SELECT data ?| array['a'] FROM t", 0)]
    [InlineData("SELECT data ??& array['a'], ?", "SELECT data ?& array['a'], $1", 1)]
    public void A_doubled_question_mark_is_a_literal_question_mark(string sql, string expected, int count)
    {
        Assert.Equal(expected, Postgres(sql, count));
    }

    [Fact]
    public void A_question_mark_followed_by_a_digit_is_rejected()
    {
        var error = Assert.Throws<DynamicDbException>(() => PositionalParameterRewriter.Rewrite("SELECT ?1", SqlDialect.Postgres));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains("'?1'", error.Message);
    }

    [Fact]
    public void Placeholders_touching_identifiers_are_kept_apart_from_them()
    {
        Assert.Equal("SELECT a $1 b", Postgres("SELECT a?b", 1));
        Assert.Equal("SELECT x @p1 y", Sqlite("SELECT x?y", 1));
    }

    [Fact]
    public void Placeholders_may_be_cast_and_sit_at_either_end()
    {
        Assert.Equal("$1::int + $2", Postgres("?::int + ?", 2));
    }

    [Fact]
    public void Unterminated_strings_and_comments_swallow_the_rest()
    {
        Assert.Equal("SELECT 'abc ?", Postgres("SELECT 'abc ?", 0));
        Assert.Equal("SELECT /* ? ", Postgres("SELECT /* ? ", 0));
        Assert.Equal("SELECT \"a ?", Postgres("SELECT \"a ?", 0));
    }

    [Fact]
    public void Brackets_are_array_subscripts_in_postgres_but_quoted_names_in_sqlite()
    {
        Assert.Equal("SELECT arr[$1]", Postgres("SELECT arr[?]", 1));
        Assert.Equal("SELECT [col ?] FROM t WHERE x = @p1", Sqlite("SELECT [col ?] FROM t WHERE x = ?", 1));
    }

    [Fact]
    public void Sqlite_backticks_quote_names_and_dollars_quote_nothing()
    {
        Assert.Equal("SELECT `a?` FROM t WHERE x = @p1", Sqlite("SELECT `a?` FROM t WHERE x = ?", 1));
        Assert.Equal("SELECT $$ @p1 $$", Sqlite("SELECT $$ ? $$", 1));
    }

    [Fact]
    public void Sqlite_strings_have_no_backslash_escapes()
    {
        Assert.Equal(@"SELECT E'a\', @p1", Sqlite(@"SELECT E'a\', ?", 1));
    }

    [Fact]
    public void Sqlite_placeholders_become_named_parameters()
    {
        Assert.Equal("INSERT INTO t (a, b) VALUES (@p1, @p2)", Sqlite("INSERT INTO t (a, b) VALUES (?, ?)", 2));
    }
}
