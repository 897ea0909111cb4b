using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Orleans.DynamicDb.TestInfrastructure;

/// <summary>
/// A real Redis server (Debian's <c>redis-server</c>) on a free loopback port, without persistence, for one test run or
/// fixture. It runs in the foreground as a child of this process under a small shell watchdog that kills it when this
/// process's end of the watchdog's standard input closes, so it does not outlive a crashed test run. Fails with a clear
/// message when <c>redis-server</c> is missing: the README's test command installs it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>Overrides where <c>redis-server</c> is looked for (default: PATH).</summary>
    public const string ExecutableVariable = "DYNAMICDB_REDIS_SERVER";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    // Starts redis-server in the background, and a watchdog that SIGKILLs it once our end of stdin (fd 3) closes.
    private const string Watchdog = """exec 3<&0; "$0" "$@" </dev/null & server=$!; (cat <&3 >/dev/null; kill -9 "$server" 2>/dev/null) & wait "$server" """;

    private readonly string _executable;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private RedisServer(string executable, string directory, int port)
    {
        _executable = executable;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>True while the server process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync()
    {
        var executable = FindExecutable();
        var directory = Path.Combine(Path.GetTempPath(), "dyndb-test-redis", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);

        // A port can be taken between probing and binding; try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var server = new RedisServer(executable, directory, FreePort.Next());
            try
            {
                await server.StartProcessAsync().ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException e)
            {
                last = e;
            }
        }

        throw new InvalidOperationException($"redis-server could not start in '{directory}': {last?.Message}", last);
    }

    /// <summary>Kills the server at once (SIGKILL): clients see their connections drop, as when a machine dies.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts the server again on the same port. It starts empty: the test server keeps nothing on disk.</summary>
    public async Task RestartAsync()
    {
        await KillAsync().ConfigureAwait(false);
        await StartProcessAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", Watchdog, _executable, "--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory, "--daemonize", "no"])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{_executable}'.");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await PingAsync().ConfigureAwait(false))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var why = process.HasExited ? $"exited with {process.ExitCode}" : $"did not answer PING within {StartTimeout}";
                await KillAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"redis-server on port {Port} {why}. Its output: {string.Join(Environment.NewLine, _output)}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }

    private static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{ExecutableVariable} names '{configured}', which does not exist.");
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"])
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. Install it with 'apt-get install redis-server' or run the README's test command (./test.sh), which installs it.");
    }
}
