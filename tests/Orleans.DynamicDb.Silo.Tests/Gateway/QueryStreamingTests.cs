using System.Net;
using System.Text.Json;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>
/// <c>/v1/database/query</c> within its caps (here 100000 rows and 4 MiB): a result past a cap is cut at it and says
/// <c>truncated</c>, one within them is answered whole and unchanged.
/// </summary>
public sealed class QueryStreamingTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private const int RowCap = 100_000;
    private const long ByteCap = 4 * 1024 * 1024;
    private static readonly string Wide = new('w', 100);

    [Fact]
    public async Task A_result_over_the_row_cap_answers_exactly_the_cap_in_order_and_says_truncated()
    {
        var silo = await SiloAsync();

        var response = (await silo.Alpha.QueryAsync(TestDatabases.New("rows"), CountTo(300_000, "x"))).EnsureOk();

        var json = response.Json;
        var items = json.GetProperty("items");
        Assert.Equal(RowCap, json.GetProperty("count").GetInt32());
        Assert.Equal(RowCap, items.GetArrayLength());
        Assert.True(json.GetProperty("truncated").GetBoolean());
        Assert.False(json.TryGetProperty("error", out _));
        Assert.Equal(1, items[0].GetProperty("x").GetInt32());
        Assert.Equal(RowCap, items[RowCap - 1].GetProperty("x").GetInt32());
    }

    [Fact]
    public async Task A_result_over_the_byte_cap_answers_the_rows_that_fit_and_says_truncated()
    {
        var silo = await SiloAsync();
        var row = RowSize.Of([1L, Wide]);

        var response = (await silo.Alpha.QueryAsync(TestDatabases.New("bytes"), CountTo(300_000, $"x, '{Wide}' AS w"))).EnsureOk();

        var json = response.Json;
        Assert.Equal(ByteCap / row, json.GetProperty("count").GetInt64());
        Assert.Equal(ByteCap / row, json.GetProperty("items").GetArrayLength());
        Assert.True(json.GetProperty("truncated").GetBoolean());
        Assert.Equal(Wide, json.GetProperty("items")[0].GetProperty("w").GetString());
    }

    [Fact]
    public async Task A_result_exactly_at_the_row_cap_is_not_truncated()
    {
        var silo = await SiloAsync();

        var json = (await silo.Alpha.QueryAsync(TestDatabases.New("exact"), CountTo(RowCap, "x"))).EnsureOk().Json;

        Assert.Equal(RowCap, json.GetProperty("count").GetInt32());
        Assert.False(json.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task A_result_within_the_caps_keeps_the_contract_over_several_pages()
    {
        var silo = await SiloAsync();

        var many = (await silo.Alpha.QueryAsync(TestDatabases.New("pages"), CountTo(2500, "x, x * 2 AS x, NULL AS n, 1.5 AS r, X'0102' AS b"))).EnsureOk();
        var empty = (await silo.Alpha.QueryAsync(TestDatabases.New("empty"), "SELECT 1 AS one WHERE 0")).EnsureOk();

        var json = many.Json;
        Assert.Equal(["columns", "items", "count", "truncated"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["x", "x", "n", "r", "b"], json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2500, json.GetProperty("count").GetInt32());
        Assert.False(json.GetProperty("truncated").GetBoolean());
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 2500), items.Select(i => i.GetProperty("x").GetInt32()));
        Assert.Equal(5000, items[^1].GetProperty("x_2").GetInt32());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("n").ValueKind);
        Assert.Equal(1.5, items[0].GetProperty("r").GetDouble());
        Assert.Equal("AQI=", items[0].GetProperty("b").GetString());
        Assert.Equal("""{"columns":["one"],"items":[],"count":0,"truncated":false}""", empty.Body);
    }

    [Fact]
    public async Task A_failure_before_the_first_row_is_an_ordinary_problem()
    {
        var silo = await SiloAsync();

        var response = await silo.Alpha.QueryAsync(TestDatabases.New("bad"), "SELEC 1");

        response.AssertProblem(HttpStatusCode.BadRequest, "sql.syntax");
    }

    private static string CountTo(int n, string select) =>
        $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n}) SELECT {select} FROM c";

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() =>
    [
        "--DynamicDb:Gateway:MaxResultRows", $"{RowCap}",
        "--DynamicDb:Gateway:MaxResultBytes", $"{ByteCap}",
    ]);
}
