using System.Net;
using System.Text;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>
/// Text that is not text: invalid UTF-8 bytes and unpaired surrogates anywhere in a request are a 400 naming the field,
/// never a 500, and nothing runs.
/// </summary>
public sealed class TextInputTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    /// <summary>Where the bad text goes, as JSON with BAD for the bad string, and the field the answer must name.</summary>
    public static TheoryData<string, string, string> BadFields => new()
    {
        { "exec", "{\"database\":\"DB\",\"sql\":BAD}", "'sql'" },
        { "exec", "{\"database\":\"DB\",\"sql\":\"INSERT INTO t (v) VALUES (?)\",\"args\":[1,\"ok\",BAD]}", "'args[2]'" },
        { "query", "{\"database\":\"DB\",\"sql\":BAD}", "'sql'" },
        { "query", "{\"database\":\"DB\",\"sql\":\"SELECT ? AS v\",\"args\":[BAD]}", "'args[0]'" },
        { "transaction", "{\"database\":\"DB\",\"queries\":[\"DELETE FROM t\",{\"sql\":BAD}]}", "'queries[1].sql'" },
        { "transaction", "{\"database\":\"DB\",\"queries\":[\"DELETE FROM t\",{\"sql\":\"INSERT INTO t (v) VALUES (?)\",\"args\":[BAD]}]}", "'queries[1].args[0]'" },
        { "transaction", "{\"database\":\"DB\",\"queries\":[\"DELETE FROM t\",BAD]}", "'queries[1]'" },
        { "exec", "{\"database\":BAD,\"sql\":\"DELETE FROM t\"}", "'database'" },
        { "create-table", "{\"database\":\"DB\",\"schema\":BAD}", "'schema'" },
        { "drop-table", "{\"database\":\"DB\",\"table_name\":BAD}", "'table_name'" },
        { "drop", "{\"database\":\"DB\",\"confirm\":BAD}", "'confirm'" },
        { "exec", "{\"database\":\"DB\",\"sql\":\"DELETE FROM t\",\"note\":{\"deep\":[BAD]}}", "'note.deep[0]'" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Invalid_UTF8_bytes_in_a_field_are_a_400_naming_the_field_and_nothing_runs(string endpoint, string template, string field)
    {
        var (silo, database) = await SeededAsync();
        var json = template.Replace("DB", database, StringComparison.Ordinal);
        var at = json.IndexOf("BAD", StringComparison.Ordinal);
        byte[] body = [.. Encoding.UTF8.GetBytes(json[..at] + "\"x"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("y\"" + json[(at + 3)..])];

        var response = await silo.Alpha.PostBytesAsync(endpoint, body);

        var detail = response.AssertProblem(HttpStatusCode.BadRequest, "request.invalid");
        Assert.Contains(field, detail, StringComparison.Ordinal);
        Assert.Contains("UTF-8", detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(silo, database);
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task An_unpaired_surrogate_escape_in_a_field_is_a_400_naming_the_field_and_nothing_runs(string endpoint, string template, string field)
    {
        var (silo, database) = await SeededAsync();
        var json = template.Replace("DB", database, StringComparison.Ordinal).Replace("BAD", "\"x\\ud800y\"", StringComparison.Ordinal);

        var response = await silo.Alpha.PostRawAsync(endpoint, json);

        var detail = response.AssertProblem(HttpStatusCode.BadRequest, "request.invalid");
        Assert.Contains(field, detail, StringComparison.Ordinal);
        Assert.Contains("surrogate", detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(silo, database);
    }

    [Fact]
    public async Task A_low_surrogate_alone_and_a_high_surrogate_at_the_end_are_refused_too()
    {
        var (silo, database) = await SeededAsync();

        var low = await silo.Alpha.PostRawAsync("exec", $"{{\"database\":\"{database}\",\"sql\":\"DELETE FROM t WHERE v = ?\",\"args\":[\"\\udc00\"]}}");
        var end = await silo.Alpha.PostRawAsync("exec", $"{{\"database\":\"{database}\",\"sql\":\"DELETE FROM t WHERE v = ?\",\"args\":[\"a\\ud83d\"]}}");

        Assert.Contains("'args[0]'", low.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
        Assert.Contains("'args[0]'", end.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
        await AssertUnchangedAsync(silo, database);
    }

    [Fact]
    public async Task A_property_name_that_is_not_text_is_a_400_and_nothing_runs()
    {
        var (silo, database) = await SeededAsync();
        byte[] body = [.. Encoding.UTF8.GetBytes($"{{\"database\":\"{database}\",\"sql\":\"DELETE FROM t\",\"x"), 0xC3, .. Encoding.UTF8.GetBytes("\":1}")];

        var bytes = await silo.Alpha.PostBytesAsync("exec", body);
        var escape = await silo.Alpha.PostRawAsync("exec", $"{{\"database\":\"{database}\",\"sql\":\"DELETE FROM t\",\"\\udfff\":1}}");

        Assert.Contains("property name", bytes.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
        Assert.Contains("property name", escape.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
        await AssertUnchangedAsync(silo, database);
    }

    [Fact]
    public async Task Valid_text_beyond_the_basic_plane_still_round_trips()
    {
        var (silo, database) = await SeededAsync();

        var rows = await silo.Alpha.RowsAsync(database, "SELECT ? AS v", "emoji \ud83d\ude00 and é");

        Assert.Equal("emoji \ud83d\ude00 and é", rows[0].GetProperty("v").GetString());
    }

    [Theory]
    [InlineData("%FF%FE")]
    [InlineData("%ED%A0%80")]
    [InlineData("ab%C3")]
    public async Task A_query_string_database_that_is_not_UTF8_is_a_400_naming_the_parameter(string encoded)
    {
        var (silo, _) = await SeededAsync();

        var status = await silo.Alpha.GetAsync($"status?database={encoded}");
        var schema = await silo.Alpha.GetAsync($"schema?database={encoded}");

        Assert.Contains("'database'", status.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
        Assert.Contains("'database'", schema.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
    }

    private async Task<(GatewaySilo Silo, string Database)> SeededAsync()
    {
        var silo = await fixture.GetAsync(() => []);
        var database = await fixture.SharedAsync("seeded", async () =>
        {
            var name = TestDatabases.New("text");
            (await silo.Alpha.ExecAsync(name, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")).EnsureOk();
            (await silo.Alpha.ExecAsync(name, "INSERT INTO t (v) VALUES (?), (?)", "kept", "also kept")).EnsureOk();
            return name;
        });
        return (silo, database);
    }

    private static async Task AssertUnchangedAsync(GatewaySilo silo, string database)
    {
        var rows = await silo.Alpha.RowsAsync(database, "SELECT v FROM t ORDER BY id");
        Assert.Equal(["kept", "also kept"], rows.Select(r => r.GetProperty("v").GetString()));
    }
}
