using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Silo.Tests.Switching;

/// <summary>
/// A real silo process killed with SIGKILL in the middle of an engine switch (held at a known phase by the diagnostics
/// setting DynamicDb:Switching:HaltAfterPhase) while a client writes, then restarted: the database ends on exactly one
/// engine, consistent, with every acknowledged write.
/// </summary>
public sealed class SwitchKillTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("copying", "sqlite", "rolled_back")]
    [InlineData("catching_up", "sqlite", "rolled_back")]
    [InlineData("switched", "archive", "completed")]
    public async Task A_silo_killed_mid_switch_restarts_with_the_database_on_one_engine_and_every_acknowledged_write(string haltAfter, string endsOn, string state)
    {
        using var data = new TempDirectory();
        string switchId;
        var acknowledged = new ConcurrentBag<long>();
        await using (var first = SiloProcess.Start(data.Path, [.. Arguments(), "--DynamicDb:Switching:HaltAfterPhase", haltAfter]))
        {
            await first.WaitUntilReadyAsync();
            var (app, admin) = Clients(first);
            (await app.ExecAsync("killed", "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")).EnsureOk();
            (await app.ExecAsync("killed", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) INSERT INTO items (id, v) SELECT x, printf('%0100d', x) FROM c")).EnsureOk();

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 3).Select(k => WriteAsync(app, 1_000_000 + k, 3, acknowledged, stop.Token)).ToList();
            await Eventually.True(() => acknowledged.Count > 20, "writes are acknowledged before the switch");
            _ = admin.PostRawAsync("/v1/admin/databases/alpha/killed/switch", """{"target_engine":"archive","timeout_seconds":600}""");
            JsonElement running = default;
            await Eventually.True(
                async () => (await app.GetAsync("/v1/database/status?database=killed")).EnsureOk().Json.TryGetProperty("switch", out running)
                    && running.GetProperty("phase").GetString() == haltAfter,
                $"the switch halts after phase {haltAfter}");
            switchId = running.GetProperty("id").GetString()!;
            var halted = acknowledged.Count;
            await Eventually.True(() => acknowledged.Count > halted + 20, "writes go on while the switch is held");

            await ProcessRunner.RunAsync("kill", ["-KILL", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            await first.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var second = SiloProcess.Start(data.Path, [.. Arguments()]);
        await second.WaitUntilReadyAsync();
        var (client, adminClient) = Clients(second);

        // The first statement wakes the database, which finishes the interrupted switch before serving.
        var seeded = (await client.RowsAsync("killed", "SELECT COUNT(*) AS n FROM items WHERE id <= 20000"))[0].GetProperty("n").GetInt64();
        var status = (await client.GetAsync("/v1/database/status?database=killed")).EnsureOk().Json;
        var history = (await adminClient.GetAsync($"/v1/admin/switches/{switchId}")).EnsureOk().Json;
        var ids = acknowledged.ToList();
        long present = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            present += (await client.RowsAsync("killed", $"SELECT COUNT(*) AS n FROM items WHERE id IN ({string.Join(',', chunk)})"))[0].GetProperty("n").GetInt64();
        }

        output.WriteLine($"halted after {haltAfter}: {ids.Count} acknowledged writes, {present} present; history: {history}");
        Assert.Equal(endsOn, status.GetProperty("engine").GetString());
        Assert.False(status.TryGetProperty("switch", out _), status.ToString());
        Assert.Equal((state, "done"), (history.GetProperty("state").GetString(), history.GetProperty("phase").GetString()));
        Assert.Equal(20000, seeded);
        Assert.Equal(ids.Count, present);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var other = endsOn == "sqlite" ? Path.Combine(data.Path, "archive", "alpha_killed") : Path.Combine(data.Path, "alpha_killed");
        Assert.False(Directory.Exists(other), $"the other engine's copy {other} is set aside");
        (await client.ExecAsync("killed", "INSERT INTO items (id, v) VALUES (?, ?)", 5_000_000, "after restart")).EnsureOk();
        Assert.Empty(await CaptureObjectsAsync(Path.Combine(data.Path, endsOn == "sqlite" ? "" : "archive", "alpha_killed", "db.sqlite")));
    }

    /// <summary>The mover's change table and triggers left in a SQLite database file.</summary>
    private static async Task<List<string>> CaptureObjectsAsync(string file)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE name LIKE '%dyndb%'";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static string[] Arguments() =>
    [
        .. GatewaySilo.AuthArguments,
        .. AdminCredentials.Arguments,
        "--DynamicDb:Engines:0:Id", "sqlite",
        "--DynamicDb:Engines:0:Kind", "sqlite",
        "--DynamicDb:Engines:0:Default", "true",
        "--DynamicDb:Engines:1:Id", "archive",
        "--DynamicDb:Engines:1:Kind", "sqlite",
        "--DynamicDb:Engines:1:DataDirectory", "archive",
    ];

    private static (GatewayClient App, GatewayClient Admin) Clients(SiloProcess silo)
    {
        var http = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(30) };
        return (new GatewayClient(http, [("X-API-Key", GatewaySilo.AlphaKey)]), new GatewayClient(http, [("X-API-Key", AdminCredentials.AdminKey)]));
    }

    /// <summary>Writes ids first, first + step, ... until stopped or the silo dies; records each acknowledged one.</summary>
    private static async Task WriteAsync(GatewayClient client, long first, int step, ConcurrentBag<long> acknowledged, CancellationToken stop)
    {
        for (var id = first; !stop.IsCancellationRequested; id += step)
        {
            try
            {
                var answer = await client.ExecAsync("killed", "INSERT INTO items (id, v) VALUES (?, ?)", id, "w");
                if ((int)answer.Status is >= 200 and < 300)
                {
                    acknowledged.Add(id);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return;
            }
        }
    }
}
