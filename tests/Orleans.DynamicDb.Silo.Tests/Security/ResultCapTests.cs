using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// A huge result is streamed within the caps (<c>DynamicDb:Gateway:MaxResultRows</c>, <c>MaxResultBytes</c>): the
/// answer stops at the cap and ends with <c>"truncated": true</c>, status 200, and the silo keeps serving.
/// </summary>
public sealed class ResultCapTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private const int MaxRows = 1000;
    private const int MaxBytes = 256 * 1024;

    /// <summary>A million rows, produced one by one by SQLite (never materialised by the engine).</summary>
    private const string MillionRows = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000) SELECT x FROM n";

    /// <summary>
    /// Ten thousand rows of 4000-character text each (40 MB in all: large against the byte cap, small enough that a silo
    /// without caps answers it instead of taking the test run down).
    /// </summary>
    private const string WideRows =
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000) SELECT x, hex(zeroblob(2000)) AS filler FROM n";

    [Fact]
    public async Task A_million_row_result_stops_at_the_row_cap_and_says_it_is_truncated()
    {
        var (silo, database) = await ArrangeAsync();

        var answer = (await silo.Alpha.QueryAsync(database, MillionRows)).EnsureOk().Json;

        var items = answer.GetProperty("items");
        Assert.Equal(MaxRows, items.GetArrayLength());
        Assert.Equal(MaxRows, answer.GetProperty("count").GetInt32());
        Assert.True(answer.GetProperty("truncated").GetBoolean(), "A result cut at the cap must say so.");
        Assert.Equal(["x"], answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(Enumerable.Range(1, MaxRows).Select(i => (long)i), items.EnumerateArray().Select(r => r.GetProperty("x").GetInt64()));
        Assert.False(answer.TryGetProperty("error", out _), answer.GetRawText()[..200]);
    }

    [Fact]
    public async Task A_result_of_wide_rows_stops_at_the_byte_cap_and_says_it_is_truncated()
    {
        var (silo, database) = await ArrangeAsync();

        var response = (await silo.Alpha.QueryAsync(database, WideRows)).EnsureOk();
        var answer = response.Json;

        var count = answer.GetProperty("items").GetArrayLength();
        Assert.True(answer.GetProperty("truncated").GetBoolean(), "A result cut at the byte cap must say so.");
        Assert.Equal(count, answer.GetProperty("count").GetInt32());
        Assert.InRange(count, 1, MaxBytes / 4000);
        Assert.True(response.Body.Length < 4 * MaxBytes, $"The answer has {response.Body.Length} characters for a cap of {MaxBytes} bytes.");
        Assert.All(answer.GetProperty("items").EnumerateArray(), r => Assert.Equal(4000, r.GetProperty("filler").GetString()!.Length));
    }

    [Fact]
    public async Task A_result_within_the_caps_is_whole_and_not_truncated()
    {
        var (silo, database) = await ArrangeAsync();

        var answer = (await silo.Alpha.QueryAsync(database, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) SELECT x FROM n", MaxRows)).EnsureOk().Json;

        Assert.Equal(MaxRows, answer.GetProperty("count").GetInt32());
        Assert.False(answer.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task The_silo_keeps_answering_while_several_huge_results_are_read()
    {
        var (silo, database) = await ArrangeAsync();

        var huge = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => silo.Beta.QueryAsync(database, WideRows)));
        var after = await silo.Alpha.RowsAsync(database, "SELECT count(*) AS n FROM mine");

        huge.Every(r => Assert.True(r.EnsureOk().Json.GetProperty("truncated").GetBoolean()));
        Assert.Equal(1, after[0].GetProperty("n").GetInt64());
    }

    private async Task<(GatewaySilo Silo, string Database)> ArrangeAsync()
    {
        var silo = await fixture.GetAsync(() =>
        [
            "--DynamicDb:Gateway:MaxResultRows", MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--DynamicDb:Gateway:MaxResultBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        var database = TestDatabases.New("huge");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE mine (value TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, "INSERT INTO mine (value) VALUES ('kept')")).EnsureOk();
        return (silo, database);
    }
}
