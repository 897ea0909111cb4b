using System.Text;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>
/// A result far larger than any socket buffer (200000 rows, about 25 MB of JSON): it starts arriving while the database
/// still has its cursor open, a client that goes away closes the cursor, and a failure after the first rows ends the
/// JSON with <c>truncated</c> and an <c>error</c>.
/// </summary>
public sealed class QueryStreamingLargeTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private const int Rows = 200_000;
    private static readonly string Sql =
        $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Rows}) SELECT x, '{new string('w', 100)}' AS w FROM c";

    [Fact]
    public async Task The_first_rows_arrive_while_the_cursor_is_still_open_and_the_whole_result_follows()
    {
        var silo = await SiloAsync();
        using var meter = new CursorMeter(silo);
        var database = TestDatabases.New("stream");

        using var response = await silo.Alpha.PostHeadersAsync("query", new { database, sql = Sql });
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = await ReadAtLeastAsync(body, 1024);
        var openWhileStarted = meter.Open;
        using var rest = new MemoryStream();
        rest.Write(start);
        await body.CopyToAsync(rest);

        Assert.StartsWith("{\"columns\":[\"x\",\"w\"],\"items\":[{\"x\":1,", Encoding.UTF8.GetString(start), StringComparison.Ordinal);
        Assert.Equal(1, openWhileStarted);
        using var json = JsonDocument.Parse(rest.ToArray());
        Assert.Equal(Rows, json.RootElement.GetProperty("count").GetInt32());
        Assert.False(json.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal(Rows, json.RootElement.GetProperty("items")[Rows - 1].GetProperty("x").GetInt32());
        await Eventually.True(() => meter.Open == 0, "the cursor is closed after its last page", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_stream_closes_the_cursor()
    {
        var silo = await SiloAsync();
        using var meter = new CursorMeter(silo);
        var database = TestDatabases.New("gone");

        var response = await silo.Alpha.PostHeadersAsync("query", new { database, sql = Sql });
        var body = await response.Content.ReadAsStreamAsync();
        await ReadAtLeastAsync(body, 1024);
        Assert.Equal(1, meter.Open);
        await body.DisposeAsync();
        response.Dispose();

        // The idle timeout is 4 minutes here: only the gateway noticing the client is gone closes the cursor this soon.
        await Eventually.True(() => meter.Open == 0, "the abandoned cursor is closed", TimeSpan.FromSeconds(10));
        Assert.Equal(1, meter.Closed("closed"));
        Assert.Single(await silo.Alpha.RowsAsync(database, "SELECT 1 AS one"));
    }

    [Fact]
    public async Task A_failure_after_the_first_rows_ends_the_JSON_truncated_with_the_error()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New("late");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (v TEXT)")).EnsureOk();

        using var response = await silo.Alpha.PostHeadersAsync("query", new { database, sql = Sql });
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = await ReadAtLeastAsync(body, 1024);

        // Dropping the database while its answer is paused closes the cursor under the stream.
        (await silo.Alpha.PostAsync("drop", new { database, confirm = database })).EnsureOk();
        using var rest = new MemoryStream();
        rest.Write(start);
        await body.CopyToAsync(rest);

        using var json = JsonDocument.Parse(rest.ToArray());
        var count = json.RootElement.GetProperty("count").GetInt32();
        Assert.InRange(count, 1, Rows - 1);
        Assert.Equal(count, json.RootElement.GetProperty("items").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal("request.invalid", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("not open", json.RootElement.GetProperty("error").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<byte[]> ReadAtLeastAsync(Stream body, int bytes)
    {
        var buffer = new byte[bytes];
        await body.ReadExactlyAsync(buffer);
        return buffer;
    }

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() =>
    [
        "--DynamicDb:Gateway:MaxResultRows", "1000000",
        "--DynamicDb:Gateway:MaxResultBytes", $"{256L << 20}",
        "--DynamicDb:Databases:CursorIdleTimeout", "00:04:00",
    ]);
}
