using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// A real PgBouncer (1.18, Debian's <c>pgbouncer</c>) in front of one PostgreSQL server, in <b>transaction</b> pool mode
/// on a free loopback port, run as the <c>postgres</c> user (it refuses root). Its config, auth file, log and pid file
/// live in a fresh temp folder that is removed on dispose, after the process (found by its pid file) is stopped.
/// Authentication: <c>trust</c> for the users in the auth file (the bench's loopback-only clients), as the PostgreSQL
/// server behind it runs with <c>--auth=trust</c>.
/// </summary>
internal sealed class PgBouncerServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/pgbouncer";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;

    private PgBouncerServer(string directory, int port, int pid)
    {
        _directory = directory;
        Port = port;
        ProcessId = pid;
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>The pgbouncer process.</summary>
    public int ProcessId { get; }

    /// <summary>
    /// Starts PgBouncer for <paramref name="databases"/> (names on the server at <paramref name="serverPort"/>) with
    /// <paramref name="poolSize"/> server connections per database and user and room for <paramref name="maxClients"/> clients.
    /// </summary>
    public static async Task<PgBouncerServer> StartAsync(int serverPort, IReadOnlyList<string> databases, int poolSize, int maxClients)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"PgBouncer not found at '{Binary}'. Install it with 'apt-get install -y pgbouncer'.");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"dyndb-bench-pgbouncer-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(directory);
        var port = FreePort.Next();
        var ini = Path.Combine(directory, "pgbouncer.ini");
        var pidFile = Path.Combine(directory, "pgbouncer.pid");
        var lines = new List<string> { "[databases]" };
        lines.AddRange(databases.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d} = host=127.0.0.1 port={serverPort} dbname={d}")));
        lines.AddRange(
        [
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            string.Create(CultureInfo.InvariantCulture, $"listen_port = {port}"),
            "unix_socket_dir =",
            "pool_mode = transaction",
            "auth_type = trust",
            $"auth_file = {Path.Combine(directory, "userlist.txt")}",
            $"logfile = {Path.Combine(directory, "pgbouncer.log")}",
            $"pidfile = {pidFile}",
            string.Create(CultureInfo.InvariantCulture, $"default_pool_size = {poolSize}"),
            string.Create(CultureInfo.InvariantCulture, $"max_client_conn = {maxClients}"),
            "max_db_connections = 0",
            "server_reset_query =",
            "ignore_startup_parameters = extra_float_digits,options",
            "log_connections = 0",
            "log_disconnections = 0",
        ]);
        await File.WriteAllLinesAsync(ini, lines);
        await File.WriteAllTextAsync(Path.Combine(directory, "userlist.txt"), "\"postgres\" \"\"\n");
        if (ProcessRunner.IsRoot)
        {
            await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", directory], TimeSpan.FromSeconds(30));
        }

        try
        {
            // -d: pgbouncer forks into the background once it listens and writes its pid file. runuser resets the soft
            // limit of open files to 1024 (PAM), less than thousands of clients need: raise it to the hard limit first.
            await ProcessRunner.RunAsync("/bin/sh", ["-c", $"ulimit -n \"$(ulimit -Hn)\" && exec {Binary} -d '{ini}'"], StartTimeout, ProcessRunner.IsRoot ? "postgres" : null);
            var pid = await WaitForPidAsync(pidFile, port);
            return new PgBouncerServer(directory, port, pid);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            var log = Path.Combine(directory, "pgbouncer.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no log)";
            Delete(directory);
            throw new InvalidOperationException($"PgBouncer did not start on port {port}: {e.Message}\nLog:\n{tail}", e);
        }
    }

    /// <summary>The soft limit of open files of the pgbouncer process.</summary>
    public string OpenFilesLimit() => ProcessLimits.OpenFiles(ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The RSS of the pgbouncer process in bytes.</summary>
    public long ResidentBytes() => ProcessMemory.Resident(ProcessId);

    public async ValueTask DisposeAsync()
    {
        if (PostgresProcesses.Kill(ProcessId))
        {
            var stopping = Stopwatch.GetTimestamp();
            while (Directory.Exists($"/proc/{ProcessId}") && Stopwatch.GetElapsedTime(stopping) < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }
        }

        Delete(_directory);
    }

    private static async Task<int> WaitForPidAsync(string pidFile, int port)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid) && Listens(port))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no pid file and no listener on port {port} within {StartTimeout.TotalSeconds} s");
    }

    private static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.WriteLine($"  (could not delete {directory}: {e.Message})");
        }
    }
}
