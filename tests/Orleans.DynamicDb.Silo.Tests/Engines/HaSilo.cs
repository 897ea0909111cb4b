using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>
/// A silo process whose default engine is <c>postgres-ha</c> (<c>pg-ha</c>, 2 replicas) in a fresh temporary folder, with
/// app and admin keys; disposing it kills what still runs (the silo, then any member left) and removes the folder.
/// </summary>
internal sealed class HaSilo : IAsyncDisposable
{
    public const string EngineId = "pg-ha";

    private readonly TempDirectory _data;
    private readonly string[] _arguments;
    private HttpClient _http = null!;

    private HaSilo(TempDirectory data, string[] arguments)
    {
        _data = data;
        _arguments = arguments;
        Attach(SiloProcess.Start(data.Path, arguments));
    }

    public SiloProcess Process { get; private set; } = null!;

    public GatewayClient App { get; private set; } = null!;

    public GatewayClient Admin { get; private set; } = null!;

    /// <summary>Kills the silo process with SIGKILL (its PostgreSQL servers keep running) and starts a new one on the same folder.</summary>
    public async Task RestartAfterKillAsync()
    {
        await Process.DisposeAsync();
        _http.Dispose();
        Attach(SiloProcess.Start(_data.Path, _arguments));
        await Process.WaitUntilReadyAsync();
    }

    private void Attach(SiloProcess process)
    {
        Process = process;
        _http = new HttpClient { BaseAddress = process.Address, Timeout = TimeSpan.FromSeconds(60) };
        App = new GatewayClient(_http, [("X-API-Key", GatewaySilo.AlphaKey)]);
        Admin = new GatewayClient(_http, [("X-API-Key", AdminCredentials.AdminKey)]);
    }

    /// <summary>The group's folder (members m0, m1, m2, group.json).</summary>
    public string GroupDirectory => _data.Combine("pg-ha");

    /// <summary>The silo's catalog database (SQLite), which holds the audit log.</summary>
    public string CatalogFile => _data.Combine("silo", "catalog.db");

    /// <summary>Starts the silo (health probes every second, 1 s probe timeout) plus <paramref name="extra"/> arguments and waits until it is ready.</summary>
    public static async Task<HaSilo> StartAsync(params string[] extra)
    {
        var bin = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;
        if (!File.Exists(Path.Combine(bin, "pg_rewind")))
        {
            throw new InvalidOperationException($"PostgreSQL binaries not found at '{bin}' (no pg_rewind). Install them with 'apt-get install postgresql-15'.");
        }

        var data = new TempDirectory();
        var start = 31000 + Random.Shared.Next(0, 90) * 10;
        string[] arguments =
        [
            .. GatewaySilo.AuthArguments,
            .. AdminCredentials.Arguments,
            "--DynamicDb:Engines:0:Id", EngineId,
            "--DynamicDb:Engines:0:Kind", "postgres-ha",
            "--DynamicDb:Engines:0:Replicas", "2",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:DataDirectory", data.Combine("pg-ha"),
            "--DynamicDb:Engines:0:BinDirectory", bin,
            "--DynamicDb:Engines:0:PortRangeStart", start.ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:Engines:0:PortRangeEnd", (start + 400).ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:Engines:0:StatementTimeout", "00:00:05",
            "--DynamicDb:Engines:0:Health:HealthCheckInterval", "00:00:01",
            "--DynamicDb:Engines:0:Health:HealthCheckTimeout", "00:00:01",
            "--DynamicDb:Engines:0:Health:HealthCheckProbesDelay", "00:00:00.100",
            // Fenced members stay fenced unless a test turns auto-fallback on (a later argument wins).
            "--DynamicDb:Engines:0:AutoFallbackInterval", "00:00:00",
            .. extra,
        ];
        var silo = new HaSilo(data, arguments);
        try
        {
            await silo.Process.WaitUntilReadyAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>The entries of <c>GET /v1/engines</c> by id.</summary>
    public async Task<Dictionary<string, JsonElement>> EnginesAsync()
    {
        var list = (await Admin.GetAsync("/v1/engines")).EnsureOk().Json.GetProperty("engines");
        return list.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
    }

    /// <summary>The events of the engine stream (from the start).</summary>
    public async Task<IReadOnlyList<JsonElement>> EventsAsync() =>
        [.. (await Admin.GetAsync("/v1/engines/events?since=0&limit=1000")).EnsureOk().Json.GetProperty("events").EnumerateArray().Select(e => e.Clone())];

    /// <summary>True when a process with this id lives and is a PostgreSQL server.</summary>
    public static bool IsPostgres(int pid)
    {
        try
        {
            // A zombie (state Z) has ended; only its parent has not collected it yet.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return File.ReadAllText($"/proc/{pid}/comm").Trim() is "postgres" or "postmaster" && end > 0 && stat[end + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>True when a TCP connection to 127.0.0.1:<paramref name="port"/> is accepted.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="signal"/> (KILL, STOP, CONT) to <paramref name="pid"/>.</summary>
    public static Task SignalAsync(int pid, string signal) =>
        ProcessRunner.RunAsync("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync();
        // Members the killed silo could not stop: kill every process still running in the group's folders.
        foreach (var member in Directory.Exists(GroupDirectory) ? Directory.GetDirectories(GroupDirectory) : [])
        {
            foreach (var pid in ProcessesIn(member))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(); // SIGKILL ends a stopped (SIGSTOP) process as well
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // already gone
                }
            }
        }

        _data.Dispose();
    }

    /// <summary>The processes whose working directory is <paramref name="directory"/> (PostgreSQL runs in its data directory).</summary>
    public static IReadOnlyList<int> ProcessesIn(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid))
            {
                try
                {
                    if (new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget is { } target && Path.TrimEndingDirectorySeparator(target) == Path.TrimEndingDirectorySeparator(directory))
                    {
                        found.Add(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // gone, or not ours to read
                }
            }
        }

        return found;
    }
}
