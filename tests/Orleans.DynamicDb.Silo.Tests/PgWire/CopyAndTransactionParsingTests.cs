using System.Text;
using Orleans.DynamicDb.Silo.PgWire;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>Pure logic of transactions and COPY on the wire: BEGIN modes, COPY options and rows, pgbench's SQL for SQLite.</summary>
public sealed class CopyAndTransactionParsingTests
{
    [Theory]
    [InlineData("BEGIN", "Begin", false, null, "BEGIN")]
    [InlineData("begin transaction isolation level repeatable read, read only", "Begin", true, "REPEATABLE READ", "BEGIN")]
    [InlineData("START TRANSACTION READ WRITE ISOLATION LEVEL SERIALIZABLE", "Begin", false, "SERIALIZABLE", "START TRANSACTION")]
    [InlineData("BEGIN WORK NOT DEFERRABLE", "Begin", false, null, "BEGIN")]
    [InlineData("END;", "Commit", false, null, "COMMIT")]
    [InlineData("commit transaction", "Commit", false, null, "COMMIT")]
    [InlineData("ABORT", "Rollback", false, null, "ROLLBACK")]
    [InlineData("ROLLBACK TO SAVEPOINT s1", "Savepoint", false, null, "ROLLBACK")]
    [InlineData("release s1", "Savepoint", false, null, "RELEASE")]
    [InlineData("PREPARE TRANSACTION 'x'", "Unsupported", false, null, "PREPARE")]
    [InlineData("COMMIT PREPARED 'x'", "Unsupported", false, null, "COMMIT")]
    public void Transaction_statements_are_parsed_with_their_modes(string sql, string verb, bool readOnly, string? isolation, string tag)
    {
        var command = TransactionCommand.Parse(sql);

        Assert.Equal(new TransactionCommand(Enum.Parse<TransactionVerb>(verb), readOnly, isolation, tag), command);
    }

    [Fact]
    public void A_begin_with_an_unknown_mode_is_a_syntax_error_naming_it()
    {
        var error = Assert.Throws<PgWireException>(() => TransactionCommand.Parse("BEGIN ISOLATION LEVEL CHAOS"));

        Assert.Equal("42601", error.SqlState);
        Assert.Contains("CHAOS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_statements_are_parsed_in_both_option_syntaxes()
    {
        var pgbench = CopyCommand.Parse("copy pgbench_accounts from stdin with (freeze on)");
        var csv = CopyCommand.Parse("COPY items (id, name) FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';', NULL 'NA')");
        var legacy = CopyCommand.Parse("COPY items FROM STDIN WITH DELIMITER AS '|' NULL AS '' CSV HEADER");
        var output = CopyCommand.Parse("COPY (SELECT 1, 2) TO STDOUT");

        Assert.Equal(("pgbench_accounts", true, false, '\t', "\\N"), (pgbench.Table, pgbench.From, pgbench.Format.Csv, pgbench.Format.Delimiter, pgbench.Format.Null));
        Assert.Equal(["id", "name"], csv.Columns);
        Assert.Equal(new CopyFormat(true, ';', "NA", true, '"', '"'), csv.Format);
        Assert.Equal(new CopyFormat(true, '|', "", true, '"', '"'), legacy.Format);
        Assert.Equal(("SELECT 1, 2", false), (output.Query, output.From));
    }

    [Theory]
    [InlineData("COPY items FROM '/etc/passwd'", "0A000")]
    [InlineData("COPY items FROM STDIN (FORMAT binary)", "0A000")]
    [InlineData("COPY items FROM STDIN (FORMAT xml)", "22023")]
    [InlineData("COPY items FROM STDIN (DELIMITER ';;')", "22023")]
    [InlineData("COPY items FROM STDIN (ON_ERROR ignore)", "0A000")]
    public void Copy_options_the_frontend_lacks_are_refused_with_a_clear_error(string sql, string sqlState)
    {
        var error = Assert.Throws<PgWireException>(() => CopyCommand.Parse(sql));

        Assert.Equal(sqlState, error.SqlState);
    }

    [Fact]
    public void Text_format_rows_are_read_across_message_boundaries_with_nulls_and_escapes()
    {
        var reader = new CopyRowReader(CopyFormat.Parse(""), "t", ["a", "b", "c"], 1000);
        var rows = new List<CopyRow>();

        reader.Feed("1\tone\t\\N\n2\ttw"u8, rows);
        reader.Feed("o\\ttab\tx\\\\y\r\n3\t\\101\\x42\t\n"u8, rows);
        reader.Feed("\\.\nignored after the end marker\n"u8, rows);
        reader.Finish(rows);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new object?[] { "1", "one", null }, rows[0].Values);
        Assert.Equal(new object?[] { "2", "two\ttab", "x\\y" }, rows[1].Values);
        Assert.Equal(new object?[] { "3", "AB", "" }, rows[2].Values);
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Line));
    }

    [Fact]
    public void Csv_rows_keep_quoted_delimiters_quotes_and_newlines_and_skip_the_header()
    {
        var reader = new CopyRowReader(CopyFormat.Parse("(FORMAT csv, HEADER)"), "t", ["a", "b"], 1000);
        var rows = new List<CopyRow>();

        reader.Feed(Encoding.UTF8.GetBytes("a,b\n1,\"x, \"\"y\"\"\n"), rows);
        reader.Feed(Encoding.UTF8.GetBytes("z\"\n2,\n3,\"\"\n"), rows);
        reader.Finish(rows);

        Assert.Equal(new object?[] { "1", "x, \"y\"\nz" }, rows[0].Values);
        Assert.Equal(new object?[] { "2", null }, rows[1].Values);
        Assert.Equal(new object?[] { "3", "" }, rows[2].Values);
    }

    [Theory]
    [InlineData("1\tone\n2\n", "missing data for column \"b\" (COPY t, line 2)")]
    [InlineData("1\tone\n2\ttwo\n3\tthree\textra\n", "extra data after last expected column (COPY t, line 3)")]
    public void A_line_with_the_wrong_number_of_fields_is_a_22P04_naming_the_line(string data, string message)
    {
        var reader = new CopyRowReader(CopyFormat.Parse(""), "t", ["a", "b"], 1000);

        var error = Assert.Throws<PgWireException>(() => reader.Feed(Encoding.UTF8.GetBytes(data), []));

        Assert.Equal("22P04", error.SqlState);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84)) with (fillfactor=100)",
        "create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84))")]
    [InlineData("truncate table pgbench_accounts, pgbench_branches", "DELETE FROM pgbench_accounts|DELETE FROM pgbench_branches")]
    [InlineData("drop table if exists pgbench_accounts, pgbench_branches", "DROP TABLE IF EXISTS pgbench_accounts|DROP TABLE IF EXISTS pgbench_branches")]
    [InlineData("alter table pgbench_accounts add primary key (aid)", "CREATE UNIQUE INDEX pgbench_accounts_pkey ON pgbench_accounts (aid)")]
    [InlineData("vacuum analyze pgbench_branches", "ANALYZE pgbench_branches")]
    [InlineData("vacuum pgbench_branches", "")]
    public void What_pgbench_sends_is_translated_for_sqlite(string sql, string expected)
    {
        var translated = SqliteDialect.Translate(sql);

        Assert.NotNull(translated);
        Assert.Equal(expected, string.Join('|', translated));
    }

    [Theory]
    [InlineData("create table t (id int primary key)")]
    [InlineData("drop table t")]
    [InlineData("alter table t add column x int")]
    public void Statements_sqlite_runs_as_written_are_left_alone(string sql)
    {
        Assert.Null(SqliteDialect.Translate(sql));
    }
}
