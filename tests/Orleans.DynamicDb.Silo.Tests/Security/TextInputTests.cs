using System.Net;
using System.Text;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// Invalid UTF-8 bytes and unpaired surrogates anywhere in a request are a 400 <c>request.invalid</c> naming the field,
/// never a 500, and nothing runs.
/// </summary>
public sealed class TextInputTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    /// <summary>Bodies where <c>BAD</c> is replaced by a broken text, with the field the answer must name.</summary>
    public static TheoryData<string, string, string> Bodies => new()
    {
        { "exec", "{\"database\":\"DB\",\"sql\":\"INSERT INTO mine (value) VALUES ('BAD')\"}", "'sql'" },
        { "exec", "{\"database\":\"DB\",\"sql\":\"INSERT INTO mine (value) VALUES (?)\",\"args\":[\"BAD\"]}", "'args[0]'" },
        { "exec", "{\"database\":\"DB\",\"sql\":\"INSERT INTO mine (value) VALUES (?), (?)\",\"args\":[\"fine\",\"BAD\"]}", "'args[1]'" },
        { "query", "{\"database\":\"DB\",\"sql\":\"SELECT 'BAD' AS value\"}", "'sql'" },
        { "query", "{\"database\":\"DB\",\"sql\":\"SELECT ? AS value\",\"args\":[\"BAD\"]}", "'args[0]'" },
        { "transaction", "{\"database\":\"DB\",\"queries\":[\"INSERT INTO mine (value) VALUES ('fine')\",\"INSERT INTO mine (value) VALUES ('BAD')\"]}", "'queries[1]'" },
        { "transaction", "{\"database\":\"DB\",\"queries\":[{\"sql\":\"INSERT INTO mine (value) VALUES (?)\",\"args\":[\"BAD\"]}]}", "'queries[0].args[0]'" },
        { "create-table", "{\"database\":\"DB\",\"schema\":\"CREATE TABLE t_BAD (x TEXT)\"}", "'schema'" },
    };

    /// <summary>Broken texts: raw invalid UTF-8 bytes, and JSON escapes of lone surrogates.</summary>
    private static readonly string[] BrokenTexts = ["bytes:FF FE", "bytes:C3 28", "bytes:ED A0 80", "bytes:F8 88 80 80 80", "escape:\\ud800", "escape:\\udc00", "escape:x\\ud800y"];

    private static readonly string[] NameProblems = ["request.invalid", "database.invalid_name"];

    public static TheoryData<string, string, string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string, string, string>();
            foreach (var body in Bodies)
            {
                foreach (var text in BrokenTexts)
                {
                    cases.Add((string)body[0], (string)body[1], (string)body[2], text);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Broken_text_in_a_request_is_a_400_naming_the_field_and_nothing_runs(string endpoint, string template, string field, string broken)
    {
        var silo = await fixture.GetAsync(() => []);
        var database = TestDatabases.New("text");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE mine (value TEXT)")).EnsureOk();
        var body = Body(template.Replace("DB", database, StringComparison.Ordinal), broken);

        var answer = await silo.Alpha.PostBytesAsync(endpoint, body);

        var detail = answer.AssertProblem(HttpStatusCode.BadRequest, "request.invalid");
        Assert.True(detail.Contains(field, StringComparison.Ordinal), $"The answer does not name the field {field}: {detail}");
        Assert.Empty(await silo.Alpha.RowsAsync(database, "SELECT value FROM mine"));
        var schema = (await silo.Alpha.GetAsync($"schema?database={database}")).EnsureOk().Json;
        Assert.Single(schema.GetProperty("tables").EnumerateArray());
    }

    [Fact]
    public async Task A_lone_surrogate_in_the_database_name_is_a_400()
    {
        var silo = await fixture.GetAsync(() => []);

        var answer = await silo.Alpha.PostRawAsync("exec", "{\"database\":\"db\\ud800\",\"sql\":\"SELECT 1\"}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(answer.ProblemType, NameProblems);
    }

    private static byte[] Body(string template, string broken)
    {
        var at = template.IndexOf("BAD", StringComparison.Ordinal);
        var before = Encoding.UTF8.GetBytes(template[..at]);
        var after = Encoding.UTF8.GetBytes(template[(at + 3)..]);
        var middle = broken.StartsWith("bytes:", StringComparison.Ordinal)
            ? Convert.FromHexString(broken["bytes:".Length..].Replace(" ", "", StringComparison.Ordinal))
            : Encoding.ASCII.GetBytes(broken["escape:".Length..]);
        return [.. before, .. middle, .. after];
    }
}
