using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>
/// A real silo process whose default engine is a registered <c>postgres-ha</c> group: three PostgreSQL servers it does not
/// run (started beforehand by the test, the product's replication group used only as a launcher), given by connection
/// string. It lists them without pid or port, fails over by itself with SQL only when the primary is SIGKILLed, and reports
/// the fenced old primary as needing a rebuild.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RegisteredGroupProcessTests(ITestOutputHelper output)
{
    private const string EngineId = "pg-reg";
    private const string Database = "ledger";

    private static readonly string[] Names = ["m0", "m1", "m2"];

    private static readonly string[] Standbys = ["m1", "m2"];

    [Fact]
    public async Task A_silo_with_a_registered_group_as_default_lists_it_fails_over_by_itself_on_SIGKILL_and_reports_the_fenced_member_as_needing_a_rebuild()
    {
        using var data = new TempDirectory();
        var bin = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;
        var ports = 41000 + Random.Shared.Next(0, 90) * 10;
        await using var servers = new ReplicationGroup(new ReplicationGroupOptions
        {
            Name = "foreign",
            BinDirectory = bin,
            DataDirectory = data.Combine("servers"),
            PortRangeStart = ports,
            PortRangeEnd = ports + 400,
        }, NullLogger<ReplicationGroup>.Instance);
        await servers.StartAsync();
        string[] arguments =
        [
            .. GatewaySilo.AuthArguments,
            .. AdminCredentials.Arguments,
            "--DynamicDb:Engines:0:Id", EngineId,
            "--DynamicDb:Engines:0:Kind", "postgres-ha",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:StatementTimeout", "00:00:05",
            "--DynamicDb:Engines:0:Health:HealthCheckInterval", "00:00:01",
            "--DynamicDb:Engines:0:Health:HealthCheckTimeout", "00:00:01",
            "--DynamicDb:Engines:0:Health:HealthCheckProbesDelay", "00:00:00.100",
            .. servers.Members.SelectMany((m, k) => new[] { $"--DynamicDb:Engines:0:Members:{k}:ConnectionString", servers.ConnectionString(m) }),
        ];
        await using var silo = SiloProcess.Start(data.Combine("silo"), arguments);
        await silo.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(60) };
        var app = new GatewayClient(http, [("X-API-Key", GatewaySilo.AlphaKey)]);
        var admin = new GatewayClient(http, [("X-API-Key", AdminCredentials.AdminKey)]);

        var before = await EnginesAsync(admin);
        Assert.Equal([EngineId, "pg-reg.m0", "pg-reg.m1", "pg-reg.m2"], before.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("primary", 1L), (before[EngineId].GetProperty("role").GetString(), before[EngineId].GetProperty("epoch").GetInt64()));
        Assert.Equal(["primary", "standby", "standby"], Names.Select(m => before[$"pg-reg.{m}"].GetProperty("role").GetString()));
        Assert.All(before.Values, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("pid").ValueKind));
        Assert.All(before.Values, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("port").ValueKind));
        Assert.All(before.Values, e => Assert.False(e.GetProperty("needs_rebuild").GetBoolean()));

        // A manual failover of a healthy registered primary would be a planned switchover: refused, and not counted as a
        // failover (the automatic one below is not held back by a grace period).
        var refused = await admin.PostAsync($"/v1/engines/groups/{EngineId}/failover", new { target = "m1" });
        Assert.Equal(409, (int)refused.Status);
        Assert.Contains("planned switchover is not supported for registered groups", refused.Body, StringComparison.Ordinal);
        Assert.Empty(await FailoverEventsAsync(admin));

        (await app.ExecAsync(Database, "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        var writer = new AcknowledgedWriter(() => app, Database, () => silo.Output);
        await writer.WriteAsync(30);
        var postmaster = int.Parse(File.ReadLines(Path.Combine(servers.MemberDirectory("m0"), "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        await ProcessRunner.RunAsync("kill", ["-KILL", postmaster.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        var resumed = await writer.WriteUntilAcknowledgedAsync(TimeSpan.FromSeconds(60));
        await writer.WriteAsync(20);

        output.WriteLine($"first acknowledged write {resumed.TotalMilliseconds:0} ms after SIGKILL; {writer.Failures} failed attempts; {writer.Acknowledged.Count} acknowledged");
        var present = (await app.RowsAsync(Database, "SELECT n FROM entries")).Select(r => r.GetProperty("n").GetInt32()).ToList();
        Assert.All(writer.Acknowledged, n => Assert.Equal(1, present.Count(p => p == n)));
        var after = await EnginesAsync(admin);
        var fenced = after["pg-reg.m0"];
        Assert.Equal(2, after[EngineId].GetProperty("epoch").GetInt64());
        Assert.Equal("fenced", fenced.GetProperty("role").GetString());
        Assert.True(fenced.GetProperty("needs_rebuild").GetBoolean());
        Assert.Single(Standbys, m => after[$"pg-reg.{m}"].GetProperty("role").GetString() == "primary");
        var layout = await File.ReadAllTextAsync(Path.Combine(data.Combine("silo"), "engines", EngineId, "group.json"));
        Assert.Contains("\"fenced\"", layout, StringComparison.Ordinal);
        var failovers = await FailoverEventsAsync(admin);
        Assert.Contains(failovers, r => r.StartsWith("done:", StringComparison.Ordinal));
        output.WriteLine(string.Join(" | ", failovers));

        // Its operator rebuilds m0 as a standby of the new primary: the engine grain notices at a probe tick (event) and
        // the member is a standby again, no longer needing a rebuild.
        var primary = Standbys.Single(m => after[$"pg-reg.{m}"].GetProperty("role").GetString() == "primary");
        await RebuildAsStandbyAsync(servers, bin, "m0", primary);
        await Eventually.True(async () => (await EventsAsync(admin)).Any(e => e.Type == "rebuild" && e.From == "pg-reg.m0" && e.Reason.StartsWith("done:", StringComparison.Ordinal)),
            "a rebuild event for m0 is persisted", TimeSpan.FromSeconds(60));
        var rejoined = (await EnginesAsync(admin))["pg-reg.m0"];
        Assert.Equal("standby", rejoined.GetProperty("role").GetString());
        Assert.False(rejoined.GetProperty("needs_rebuild").GetBoolean());
        await writer.WriteAsync(5);

        await silo.SignalAsync("TERM");
        Assert.Equal(SiloHost.ExitCodeStopped, await silo.WaitForExitAsync());
        Assert.True(await HaSilo.AcceptsAsync(PortOf(servers, "m1")) && await HaSilo.AcceptsAsync(PortOf(servers, "m2")),
            "the registered servers are someone else's: the silo leaves them running when it stops");
    }

    private static int PortOf(ReplicationGroup servers, string member) => new Npgsql.NpgsqlConnectionStringBuilder(servers.ConnectionString(member)).Port;

    private static async Task<List<string>> FailoverEventsAsync(GatewayClient admin) =>
        [.. (await EventsAsync(admin)).Where(e => e.Type == "failover").Select(e => e.Reason)];

    private static async Task<List<(string Type, string? From, string Reason)>> EventsAsync(GatewayClient admin) =>
        [.. (await admin.GetAsync("/v1/engines/events?since=0&limit=1000")).EnsureOk().Json.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("from").GetString(), e.GetProperty("reason").GetString()!))];

    /// <summary>What an operator does: a fresh base backup of <paramref name="primary"/> started as a standby streaming from it as <paramref name="member"/>.</summary>
    private static async Task RebuildAsStandbyAsync(ReplicationGroup servers, string bin, string member, string primary)
    {
        var directory = servers.MemberDirectory(member);
        foreach (var pid in HaSilo.ProcessesIn(directory))
        {
            await ProcessRunner.RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        }

        await Eventually.True(() => HaSilo.ProcessesIn(directory).Count == 0, $"every process of {member} ended", TimeSpan.FromSeconds(30));
        Directory.Delete(directory, recursive: true);
        // The operator's own libpq password file (the silo writes none), with the launcher's password, kept encrypted in its folder.
        var password = Orleans.DynamicDb.Engines.Secrets.SecretProtector.ForDataDirectory(Path.GetDirectoryName(servers.DataDirectory)!)
            .ReadFile(Path.Combine(servers.DataDirectory, "password"), Orleans.DynamicDb.Engines.Secrets.SecretPurposes.ReplicationGroupPassword);
        var passFile = Path.Combine(servers.DataDirectory, "operator.pgpass");
        await File.WriteAllTextAsync(passFile, $"*:*:*:{ReplicationGroup.ReplicationUser}:{password}\n");
        File.SetUnixFileMode(passFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await ProcessRunner.RunAsync("chown", ["postgres:postgres", passFile], TimeSpan.FromSeconds(30));
        var conninfo = $"host=127.0.0.1 port={PortOf(servers, primary)} user={ReplicationGroup.ReplicationUser} passfile='{passFile}' application_name={member}";
        await ProcessRunner.RunAsync(Path.Combine(bin, "pg_basebackup"), ["-D", directory, "-d", conninfo, "-X", "stream", "--checkpoint=fast"], TimeSpan.FromSeconds(120), "postgres");
        await File.WriteAllTextAsync(Path.Combine(directory, "standby.signal"), "");
        var autoConf = Path.Combine(directory, "postgresql.auto.conf");
        var lines = (await File.ReadAllLinesAsync(autoConf))
            .Where(l => !l.StartsWith("primary_conninfo", StringComparison.Ordinal) && !l.StartsWith("primary_slot_name", StringComparison.Ordinal))
            .Append($"primary_conninfo = '{conninfo.Replace("'", "''", StringComparison.Ordinal)}'");
        await File.WriteAllLinesAsync(autoConf, lines);
        await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", directory], TimeSpan.FromSeconds(30));
        await ProcessRunner.RunAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", directory, "-l", Path.Combine(servers.DataDirectory, $"{member}-rebuilt.log"), "-w", "-t", "60", "-o", $"-p {PortOf(servers, member)}", "start"],
            TimeSpan.FromSeconds(90), "postgres");
    }

    private static async Task<Dictionary<string, JsonElement>> EnginesAsync(GatewayClient admin) =>
        (await admin.GetAsync("/v1/engines")).EnsureOk().Json.GetProperty("engines").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
}
