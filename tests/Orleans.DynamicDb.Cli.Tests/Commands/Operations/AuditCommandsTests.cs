using System.Text.Json;
using Microsoft.Data.Sqlite;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

[Collection(OpsSiloCollection.Name)]
public sealed class AuditCommandsTests(OpsSiloFixture silo)
{
    [Fact]
    public async Task A_switch_is_listed_in_the_audit_log_with_its_requester()
    {
        using var cli = silo.Runner();
        var db = await SeededDatabaseAsync(cli, 10, "aud");
        await Ok(cli, "switch", $"opsapp/{db}", "--to", "second");

        var json = JsonDocument.Parse((await Ok(cli, "--json", "audit", "list", "--action", "switch.requested", "--target", $"opsapp/{db}")).Stdout).RootElement;
        var table = await Ok(cli, "audit", "list", "--target", $"opsapp/{db}", "--limit", "1000");

        var row = Assert.Single(json.GetProperty("rows").EnumerateArray());
        Assert.Equal(("admin:ops-tests", "second"), (row.GetProperty("actor").GetString(), row.GetProperty("details").GetProperty("target_engine").GetString()));
        Assert.Contains("switch.requested", table.Stdout);
        Assert.Contains("admin:ops-tests", table.Stdout);
        Assert.Contains("next: --since", table.Stdout);
    }

    [Fact]
    public async Task Verify_passes_on_an_intact_chain_and_exits_1_naming_the_first_changed_row()
    {
        using var cli = silo.Runner();
        await Ok(cli, "policies", "set", "audited-" + Guid.NewGuid().ToString("N")[..8], "--trigger", "performance", "--threshold", "100", "--target", "second", "--app", "nobody", "--disabled");

        var intact = await Ok(cli, "audit", "verify");
        Assert.Matches(@"intact: \d+ row\(s\) checked; head hash [0-9a-f]+", intact.Stdout);

        var (seq, details) = await LastRowAsync();
        await SetDetailsAsync(seq, """{"tampered":"yes"}""");
        try
        {
            var broken = await cli.RunAsync("audit", "verify");
            var json = await cli.RunAsync("--json", "audit", "verify");

            Assert.True(broken.ExitCode == 1, broken.ToString());
            Assert.Contains($"Error: the audit log's chain is broken at row {seq}: hash mismatch", broken.Stderr);
            Assert.Equal(1, json.ExitCode);
            Assert.False(JsonDocument.Parse(json.Stdout).RootElement.GetProperty("intact").GetBoolean());
        }
        finally
        {
            await SetDetailsAsync(seq, details);
        }

        await Ok(cli, "audit", "verify");
    }

    private async Task<(long Seq, string Details)> LastRowAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, details FROM dyndb_audit ORDER BY seq DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private async Task SetDetailsAsync(long seq, string details)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE dyndb_audit SET details = $details WHERE seq = $seq";
        command.Parameters.AddWithValue("$details", details);
        command.Parameters.AddWithValue("$seq", seq);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={silo.CatalogPath};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }
}
