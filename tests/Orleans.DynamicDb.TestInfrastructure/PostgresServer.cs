using Npgsql;

namespace Orleans.DynamicDb.TestInfrastructure;

/// <summary>
/// A real PostgreSQL 15 server on a free loopback port, in a fresh data directory, for one test run or fixture.
/// Runs as the 'postgres' user when the tests run as root (PostgreSQL refuses root). Fails with a clear message
/// when the binaries are missing: the README's test command installs them.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _binDirectory;
    private readonly string? _runAs;
    private int _databaseCounter;

    private PostgresServer(string binDirectory, string dataDirectory, int port, string? runAs)
    {
        _binDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
        _runAs = runAs;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>A connection string to the 'postgres' maintenance database.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Connection Idle Lifetime=5;Connection Pruning Interval=1;Timeout=15;Command Timeout=30";

    public static async Task<PostgresServer> StartAsync(string? binDirectory = null)
    {
        binDirectory ??= Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? DefaultBinDirectory;
        var initdb = Path.Combine(binDirectory, "initdb");
        if (!File.Exists(initdb))
        {
            throw new InvalidOperationException(
                $"PostgreSQL binaries not found at '{binDirectory}' (no initdb). Install them with 'apt-get install postgresql-15' or run the README's test command, which installs them.");
        }

        var runAs = ProcessRunner.IsRoot ? "postgres" : null;
        var root = Path.Combine(Path.GetTempPath(), "dyndb-test-pg", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "data");
        if (runAs is not null)
        {
            // Only this server's own folder changes owner: the shared parent holds other fixtures' live data
            // directories, whose files PostgreSQL creates and deletes while a recursive chown walks them.
            var parent = Path.GetDirectoryName(root)!;
            await ProcessRunner.RunAsync("chmod", ["755", parent], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await ProcessRunner.RunAsync("chown", ["-R", $"{runAs}:{runAs}", root], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        await ProcessRunner.RunAsync(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], TimeSpan.FromMinutes(2), runAs).ConfigureAwait(false);

        // A port can be taken between probing and binding; try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort.Next();
            var server = new PostgresServer(binDirectory, data, port, runAs);
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

        throw new InvalidOperationException($"PostgreSQL could not start in '{data}': {last?.Message}", last);
    }

    /// <summary>Creates a fresh, uniquely named database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 20)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server (fast shutdown); the data directory stays so the server can start again.</summary>
    public Task StopAsync() => PgCtlAsync(["-D", DataDirectory, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the server again on the same port and data directory.</summary>
    public Task RestartAsync() => StartProcessAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgCtlAsync(["-D", DataDirectory, "-m", "immediate", "-w", "stop"]).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        try
        {
            Directory.Delete(Path.GetDirectoryName(DataDirectory)!, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Task StartProcessAsync() => PgCtlAsync(
    [
        "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {DataDirectory} -c fsync=off -c max_connections=1000 -c shared_buffers=64MB",
        "start",
    ]);

    private Task<string> PgCtlAsync(string[] arguments) =>
        ProcessRunner.RunAsync(Path.Combine(_binDirectory, "pg_ctl"), arguments, TimeSpan.FromMinutes(2), _runAs);
}
