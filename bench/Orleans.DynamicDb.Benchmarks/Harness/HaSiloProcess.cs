using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Health;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The silo's build output as a child process (<c>dotnet Orleans.DynamicDb.Silo.dll</c>, as the silo's process tests
/// run it) whose default engine is a <c>postgres-ha</c> group (<see cref="EngineId"/>), with one app key and one admin
/// key. Keeps the last lines of its output for a failure message; disposing kills the silo and any member left.
/// </summary>
internal sealed class HaSiloProcess : IAsyncDisposable
{
    public const string EngineId = "pg-ha";
    public const string App = "bench";
    public const string AppKey = "bench-api-key-2026-12-05-0123456789";
    public const string AdminKey = "bench-admin-key-2026-12-05-0123456789";

    private const int KeptLines = 400;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private readonly string _groupDirectory;
    private readonly StreamWriter? _log;

    private HaSiloProcess(Process process, Uri address, string groupDirectory)
    {
        _process = process;
        _groupDirectory = groupDirectory;
        Address = address;

        // A diagnostic knob: DYNDB_BENCH_SILO_LOG=/tmp/silo.log keeps the silo's whole output (its timed steps: fenced in,
        // promoted in, rebuilt in) in that file.
        if (Environment.GetEnvironmentVariable("DYNDB_BENCH_SILO_LOG") is { Length: > 0 } logPath)
        {
            _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        }
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-API-Key", AppKey);
        Admin = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
    }

    /// <summary>The gateway's address.</summary>
    public Uri Address { get; }

    /// <summary>The silo's process id (for its memory, file limits).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The app's client (the writers share its connections).</summary>
    public HttpClient Http { get; }

    /// <summary>The admin API's client.</summary>
    public HttpClient Admin { get; }

    /// <summary>Raised with every line the silo writes (on the output reader's thread).</summary>
    public event Action<string>? LineWritten;

    /// <summary>The last lines the silo wrote.</summary>
    public string OutputTail
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Starts the silo with the group in <c>{dataDirectory}/pg-ha</c> and <paramref name="settings"/> (engine 0's settings as name/value pairs), and waits until it is ready.</summary>
    public static Task<HaSiloProcess> StartAsync(string dataDirectory, IEnumerable<(string Name, string Value)> settings)
    {
        var bin = BinDirectory();
        var group = Path.Combine(dataDirectory, EngineId);
        var start = 32000 + Random.Shared.Next(0, 90) * 10;
        string[] engines =
        [
            "--DynamicDb:Engines:0:Id", EngineId,
            "--DynamicDb:Engines:0:Kind", "postgres-ha",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:DataDirectory", group,
            "--DynamicDb:Engines:0:BinDirectory", bin,
            "--DynamicDb:Engines:0:PortRangeStart", start.ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:Engines:0:PortRangeEnd", (start + 400).ToString(CultureInfo.InvariantCulture),
            .. settings.SelectMany(s => new[] { $"--DynamicDb:Engines:0:{s.Name}", s.Value }),
        ];
        return StartWithEnginesAsync(dataDirectory, engines, group);
    }

    /// <summary>The PostgreSQL binaries (<c>DYNAMICDB_PG_BIN</c> or the default); fails naming the folder when pg_rewind is missing.</summary>
    public static string BinDirectory()
    {
        var bin = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;
        return File.Exists(Path.Combine(bin, "pg_rewind"))
            ? bin
            : throw new InvalidOperationException($"PostgreSQL binaries not found at '{bin}' (no pg_rewind). Install them with 'apt-get install postgresql-15'.");
    }

    /// <summary>
    /// Starts the silo with <paramref name="engineArguments"/> (command-line pairs <c>--DynamicDb:Engines:N:...</c>) and
    /// waits until it is ready; on dispose, any PostgreSQL member left running under <paramref name="groupDirectory"/> is killed.
    /// </summary>
    public static async Task<HaSiloProcess> StartWithEnginesAsync(string dataDirectory, IReadOnlyList<string> engineArguments, string groupDirectory)
    {
        // A comparison knob: DYNDB_BENCH_SILO_DIR runs the silo of another build (e.g. the base commit's), same bench.
        var siloDirectory = Environment.GetEnvironmentVariable("DYNDB_BENCH_SILO_DIR") is { Length: > 0 } other ? other : AppContext.BaseDirectory;
        var siloDll = Path.Combine(siloDirectory, "Orleans.DynamicDb.Silo.dll");
        if (!File.Exists(siloDll))
        {
            throw new FileNotFoundException($"The silo's build output is not next to the benchmark: {siloDll}.", siloDll);
        }

        var port = FreePort.Next();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = siloDirectory,
        };
        string[] arguments =
        [
            siloDll,
            "--urls", $"http://127.0.0.1:{port}",
            "--DynamicDb:PgWire:Endpoint", "127.0.0.1:0",
            "--DynamicDb:DataDirectory", dataDirectory,
            "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:Auth:ApiKeys:0:App", App,
            "--DynamicDb:Auth:ApiKeys:0:Key", AppKey,
            "--DynamicDb:Auth:AdminKeys:0:Key", AdminKey,
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Orleans.DynamicDb", "Information",
            .. engineArguments,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var variable in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "HTTP_PORTS" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = info };
        var silo = new HaSiloProcess(process, new Uri($"http://127.0.0.1:{port}"), groupDirectory);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitUntilReadyAsync();
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
        using var document = JsonDocument.Parse(await GetOkAsync(Admin, "/v1/engines"));
        return document.RootElement.GetProperty("engines").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
    }

    /// <summary>The group's primary postmaster: its member id and process id.</summary>
    public async Task<(string Member, int Pid)> PrimaryAsync()
    {
        var engines = await EnginesAsync();
        var pid = engines[EngineId].GetProperty("pid").GetInt32();
        var member = engines.Values.Single(e => e.GetProperty("group").GetString() == EngineId && e.GetProperty("id").GetString() != EngineId
            && e.GetProperty("role").GetString() == "primary").GetProperty("id").GetString()!;
        return (member, pid);
    }

    /// <summary>POSTs <paramref name="json"/> to the gateway path; answers the status and body.</summary>
    public static async Task<(int Status, string Body)> PostAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs <paramref name="path"/>; fails naming the status and body unless 200.</summary>
    public static async Task<string> GetOkAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? body : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        LineWritten?.Invoke(line);

        lock (_lock)
        {
            _log?.WriteLine(line);
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was ready. Output:\n{OutputTail}");
            }

            try
            {
                using var response = await Admin.GetAsync(HealthEndpoints.ReadyPath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The silo was not ready within {StartTimeout.TotalSeconds} s. Output:\n{OutputTail}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM first: the silo stops its members itself; SIGKILL when it does not stop in time.
                await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
        finally
        {
            _process.Dispose();
            lock (_lock)
            {
                _log?.Dispose();
            }
        }

        foreach (var member in Directory.Exists(_groupDirectory) ? Directory.GetDirectories(_groupDirectory) : [])
        {
            foreach (var pid in PostgresProcesses.In(member))
            {
                PostgresProcesses.Kill(pid);
            }
        }
    }
}
