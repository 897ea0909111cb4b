using System.Diagnostics;
using System.Globalization;
using System.Net;
using Orleans.DynamicDb.Silo.Health;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Infrastructure;

/// <summary>
/// The silo's build output running as a child process (<c>dotnet Orleans.DynamicDb.Silo.dll ...</c>), with its console
/// output captured. Stopping it by signal is the graceful path under test; dispose kills what is still running.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] InheritedAddressVariables =
        ["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS"];

    private readonly Process _process;
    private readonly ProcessOutput _output = new();

    private SiloProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Where the silo's HTTP endpoints are expected.</summary>
    public Uri Address { get; }

    public int Id => _process.Id;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output => _output.All;

    public string StandardError => _output.Error;

    public IReadOnlyList<string> StandardOutputLines => _output.OutputLines;

    /// <summary>Starts the silo on a free port with <c>--urls</c> and <c>--DynamicDb:DataDirectory</c>, plus <paramref name="arguments"/>.</summary>
    public static SiloProcess Start(string dataDirectory, params string[] arguments)
    {
        var port = FreePort.Next();
        return Start(port, ["--urls", $"http://127.0.0.1:{port}", "--DynamicDb:DataDirectory", dataDirectory, .. InProcessSilo.OrleansPorts(), .. arguments]);
    }

    /// <summary>Starts the silo with exactly these arguments and environment variables; it is expected on <paramref name="port"/>.</summary>
    public static SiloProcess Start(int port, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var siloDll = Path.Combine(AppContext.BaseDirectory, "Orleans.DynamicDb.Silo.dll");
        if (!File.Exists(siloDll))
        {
            throw new FileNotFoundException($"The silo's build output is not next to the tests: {siloDll}.", siloDll);
        }

        // 'env --default-signal=INT' (the process keeps its id through exec) undoes an ignored SIGINT inherited from a
        // test runner started in the background, which .NET would keep ignoring, so Ctrl-C can be tested anywhere.
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet");
        info.ArgumentList.Add(siloDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var variable in InheritedAddressVariables)
        {
            info.Environment.Remove(variable);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var silo = new SiloProcess(process, new Uri($"http://127.0.0.1:{port}"));
        silo._output.Attach(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Polls /health/ready until it answers 200 and returns its body; fails early, with the output, if the process exits.</summary>
    public async Task<string> WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        try
        {
            await Eventually.True(
                async () =>
                {
                    if (_process.HasExited)
                    {
                        throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was ready. Output:\n{Output}");
                    }

                    try
                    {
                        using var response = await http.GetAsync(HealthEndpoints.ReadyPath);
                        body = await response.Content.ReadAsStringAsync();
                        return response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return false;
                    }
                },
                $"{HealthEndpoints.ReadyPath} answers 200",
                StartTimeout);
        }
        catch (TimeoutException e)
        {
            // A silo that never became ready is of no use to the caller, which may not reach its dispose: stop it (and
            // the servers it started) now, so it does not run on after the test.
            KillTree();
            throw new TimeoutException($"{e.Message}. Last answer: {body ?? "none"}. Output:\n{Output}", e);
        }

        return body!;
    }

    /// <summary>Sends a signal ("INT", "TERM") with kill(1), as Ctrl-C or a service manager would.</summary>
    public Task SignalAsync(string signal) =>
        ProcessRunner.RunAsync("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));

    /// <summary>Waits for the process to exit (and its output to end) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.Within(_process.WaitForExitAsync(), "The silo process's exit", timeout ?? StopTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Output:\n{Output}", e);
        }

        return _process.ExitCode;
    }

    private void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
