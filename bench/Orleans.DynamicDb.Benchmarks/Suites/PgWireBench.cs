using System.Globalization;
using System.Text;
using Npgsql;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 12 item 7, part <c>pgwire</c>: one PostgreSQL 15 server (<see cref="PostgresServer"/>), a PgBouncer 1.18 in
/// transaction mode in front of it (<see cref="PgBouncerServer"/>), and a silo process whose default engine <c>pg</c>
/// (kind <c>postgres</c>) is that server, with its PostgreSQL wire frontend on a free port. Each target gets its own
/// database, initialised with <c>pgbench -i -s {scale}</c> through that target (the frontend's falls back to the server
/// directly when initialising through the frontend fails, and the table says so); then pgbench's select-only (<c>-S</c>)
/// and TPC-B-like scripts at 1, 16 and 64 clients (<c>-j 2</c>, <c>-T</c>), the three targets interleaved per client
/// count. Then memory per idle connection on each target and 10,000 idle connections on the silo
/// (<see cref="PgWireIdleConnections"/>).
/// </summary>
/// <remarks>
/// Knobs (environment): <c>DYNDB_BENCH_PGWIRE_SCALE</c> (10), <c>DYNDB_BENCH_PGWIRE_SECONDS</c> (15; <c>--quick</c>: 3),
/// <c>DYNDB_BENCH_PGWIRE_CLIENTS</c> (1,16,64), <c>DYNDB_BENCH_PGWIRE_PROTOCOL</c> (<c>simple</c>; <c>extended</c> also
/// works through PgBouncer in transaction mode, <c>prepared</c> does not), <c>DYNDB_BENCH_PGWIRE_POOL</c> (20: PgBouncer's
/// <c>default_pool_size</c> and the engine's <c>MaxPoolSize</c>, the same number of server connections behind both),
/// <c>DYNDB_BENCH_PGWIRE_IDLE</c> (1000), <c>DYNDB_BENCH_PGWIRE_MANY</c> (10000; 0 skips), <c>DYNDB_BENCH_PGWIRE_SCRIPTS</c>
/// (<c>select,tpcb</c>), <c>DYNDB_BENCH_PGWIRE_WARMUP</c> (5 s; 0: none: a pgbench run of the same script and client count
/// on the target just before each measured run, not counted, so the silo's JIT has compiled the path it measures),
/// <c>DYNDB_BENCH_SILO_DIR</c> (another build's silo, for before/after in one window), <c>DYNDB_BENCH_SILO_LOG</c>.
/// </remarks>
internal static class PgWireBench
{
    public const string Part = "pgwire";
    public const string Engine = "pg";
    public const string FrontendDatabase = "pgbench";

    private static readonly TimeSpan HealthyDeadline = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var scale = Knob("DYNDB_BENCH_PGWIRE_SCALE", 10);
        var seconds = Knob("DYNDB_BENCH_PGWIRE_SECONDS", settings.Quick ? 3 : 15);
        int[] clients = Environment.GetEnvironmentVariable("DYNDB_BENCH_PGWIRE_CLIENTS") is { Length: > 0 } list
            ? [.. list.Split(',').Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture))]
            : [1, 16, 64];
        var protocol = Environment.GetEnvironmentVariable("DYNDB_BENCH_PGWIRE_PROTOCOL") is { Length: > 0 } p ? p : "simple";
        var pool = Knob("DYNDB_BENCH_PGWIRE_POOL", 20);
        var idle = Knob("DYNDB_BENCH_PGWIRE_IDLE", settings.Quick ? 200 : 1000);
        var many = Knob("DYNDB_BENCH_PGWIRE_MANY", settings.Quick ? 1000 : 10_000);
        var warmUp = Knob("DYNDB_BENCH_PGWIRE_WARMUP", settings.Quick ? 2 : 5);
        Console.WriteLine($"  scale {scale}; {seconds} s per run; clients {string.Join(", ", clients)}; -M {protocol}; -j 2; pool {pool}; idle {idle}; many {many}; warm-up {warmUp} s");

        using var directory = BenchDirectory.Create(Part);
        await using var server = await PostgresServer.StartAsync();
        const string directDb = "pgb_direct";
        const string bouncerDb = "pgb_bouncer";
        await CreateDatabasesAsync(server, [directDb, bouncerDb]);
        await using var bouncer = await PgBouncerServer.StartAsync(server.Port, [bouncerDb], pool, maxClients: Math.Max(idle, many) + 200);
        var wirePort = FreePort.Next();
        string[] arguments =
        [
            "--DynamicDb:Engines:0:Id", Engine, "--DynamicDb:Engines:0:Kind", "postgres", "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:ConnectionString", server.ConnectionString,
            "--DynamicDb:Engines:0:MaxPoolSize", pool.ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:PgWire:Endpoint", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{wirePort}"),
            "--DynamicDb:PgWire:MaxConnections", (Math.Max(idle, many) + 200).ToString(CultureInfo.InvariantCulture),
        ];
        await using var silo = await HaSiloProcess.StartWithEnginesAsync(directory.Path, arguments, Path.Combine(directory.Path, "none"));
        await new EngineHealthWatch(silo).WaitHealthyAsync([Engine], HealthyDeadline);
        await SwitchData.CreateAsync(silo.Http, FrontendDatabase, Engine);

        var direct = new PgBenchTarget("PostgreSQL (direct)", server.Port, directDb, "postgres", null);
        var viaBouncer = new PgBenchTarget("PgBouncer 1.18 (transaction)", bouncer.Port, bouncerDb, "postgres", null, bouncer.ProcessId);
        var frontend = new PgBenchTarget("dyndb wire frontend", wirePort, FrontendDatabase, HaSiloProcess.App, HaSiloProcess.AppKey, silo.ProcessId,
            () => AllocatedAsync(silo));
        PgBenchTarget[] targets = [direct, viaBouncer, frontend];
        var notes = new List<string>();
        foreach (var target in targets)
        {
            notes.Add(await InitialiseAsync(server, target, scale));
        }

        var results = new List<PgBenchRun>();
        foreach (var (script, flag) in Scripts())
        {
            foreach (var count in clients)
            {
                foreach (var target in targets)
                {
                    if (warmUp > 0)
                    {
                        await WarmUpAsync(target, flag, count, warmUp, protocol);
                    }

                    var run = await RunOnceAsync(directory.Path, target, script, flag, count, seconds, protocol);
                    results.Add(run);
                    Console.WriteLine($"  {run.Describe()}");
                }
            }
        }

        PgBenchRun.AddRows(table, results);
        table.AddSection(PgBenchRun.ToMarkdown(results, protocol, seconds, scale, pool));
        notes.Add(warmUp > 0
            ? $"Each measured run followed a {warmUp} s warm-up run of the same script and client count on the same target (`DYNDB_BENCH_PGWIRE_WARMUP`), not counted: the silo's JIT had compiled the path it measures."
            : "No warm-up runs (`DYNDB_BENCH_PGWIRE_WARMUP=0`): the first runs measure a silo that is still JIT-compiling.");
        foreach (var note in notes)
        {
            table.AddSection($"- {note}");
        }

        await PgWireIdleConnections.RunAsync(table, server, bouncer, silo, targets, idle, many);
    }

    private static async Task CreateDatabasesAsync(PostgresServer server, IEnumerable<string> names)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Runs <c>pgbench -i</c> through the target; for the frontend, falls back to the server's database behind it. Answers a note.</summary>
    private static async Task<string> InitialiseAsync(PostgresServer server, PgBenchTarget target, int scale)
    {
        var timeout = TimeSpan.FromMinutes(10);
        string[] init = ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture)];
        var (code, output) = await PgBenchProcess.RunAsync(target, init, timeout);
        if (code == 0)
        {
            await VacuumAsync(server, target.User == "postgres" ? target.Database : $"{HaSiloProcess.App}_{target.Database}");
            return $"{target.Name}: `pgbench -i -s {scale}` through the target.";
        }

        if (target.User == "postgres")
        {
            throw new InvalidOperationException($"pgbench -i on {target.Name} failed ({code}): {output}");
        }

        // The frontend: the same tables, created directly on the tenant database behind it, owned by the tenant's role
        // (PGOPTIONS sets the role for the superuser's session), so the frontend's statements can use them.
        var tenantDatabase = $"{HaSiloProcess.App}_{target.Database}";
        var owner = await OwnerAsync(server, tenantDatabase);
        var behind = new PgBenchTarget(target.Name, server.Port, tenantDatabase, "postgres", null);
        var (fallbackCode, fallbackOutput) = await PgBenchProcess.RunAsync(behind, init, timeout, new Dictionary<string, string> { ["PGOPTIONS"] = $"-c role={owner}" });
        if (fallbackCode != 0)
        {
            throw new InvalidOperationException($"pgbench -i directly on {tenantDatabase} as role {owner} failed ({fallbackCode}): {fallbackOutput}");
        }

        await VacuumAsync(server, tenantDatabase);
        var reason = PgBenchReport.Parse(output).FirstError ?? output.Trim().Split('\n').LastOrDefault() ?? $"exit code {code}";
        return $"{target.Name}: `pgbench -i -s {scale}` through the frontend failed (exit {code}: {reason}); the same tables were initialised "
            + $"directly on its database `{tenantDatabase}` on the server, owned by the tenant role `{owner}`.";
    }

    private static async Task<string> OwnerAsync(PostgresServer server, string database)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_catalog.pg_database WHERE datname = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        return await command.ExecuteScalarAsync() as string
            ?? throw new InvalidOperationException($"The frontend's database '{database}' is not on the server (expected the engine's '{{app}}_{{database}}').");
    }

    private static async Task VacuumAsync(PostgresServer server, string database)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor(database) + ";Command Timeout=600");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PgBenchRun> RunOnceAsync(string directory, PgBenchTarget target, string script, string? flag, int clients, int seconds, string protocol)
    {
        var prefix = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"log-{target.Port}-{(flag is null ? "tpcb" : "select")}-{clients}"));
        List<string> arguments =
        [
            "-n", "-M", protocol, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
            "-T", seconds.ToString(CultureInfo.InvariantCulture), "--log", $"--log-prefix={prefix}",
        ];
        if (flag is not null)
        {
            arguments.Add(flag);
        }

        var allocatedBefore = target.AllocatedBytes is { } allocated ? await allocated() : double.NaN;
        var cpuBefore = target.MiddlePid is { } pid ? ProcessCpu.Seconds(pid) : double.NaN;
        var (code, output) = await PgBenchProcess.RunAsync(target, arguments, TimeSpan.FromSeconds(seconds * 4 + 120));
        double? cpu = target.MiddlePid is { } middle ? ProcessCpu.Seconds(middle) - cpuBefore : null;
        double? bytes = target.AllocatedBytes is { } after ? await after() - allocatedBefore : null;
        var report = PgBenchReport.Parse(output);
        var latencies = PgBenchLog.Read(prefix);
        foreach (var file in Directory.EnumerateFiles(directory, Path.GetFileName(prefix) + ".*"))
        {
            File.Delete(file);
        }

        return new PgBenchRun(target.Name, script, clients, code, report, PgBenchLog.PercentileMs(latencies, 50), PgBenchLog.PercentileMs(latencies, 99),
            code != 0 && !report.Succeeded ? LastLines(output) : null, cpu, bytes is { } b && b > 0 ? b : null);
    }

    /// <summary>A run that is not counted, so the middle process has compiled (and tiered up) the path the measured run takes; a failure is shown, not thrown.</summary>
    private static async Task WarmUpAsync(PgBenchTarget target, string? flag, int clients, int seconds, string protocol)
    {
        List<string> arguments = ["-n", "-M", protocol, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture)];
        if (flag is not null)
        {
            arguments.Add(flag);
        }

        var (code, output) = await PgBenchProcess.RunAsync(target, arguments, TimeSpan.FromSeconds(seconds * 4 + 120));
        if (code != 0)
        {
            Console.WriteLine($"  warm-up on {target.Name} failed ({code}): {LastLines(output)}");
        }
    }

    /// <summary>The scripts to run: <c>DYNDB_BENCH_PGWIRE_SCRIPTS</c> (<c>select,tpcb</c>; either alone for a shorter run).</summary>
    private static IEnumerable<(string Script, string? Flag)> Scripts()
    {
        var wanted = Environment.GetEnvironmentVariable("DYNDB_BENCH_PGWIRE_SCRIPTS") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : ["select", "tpcb"];
        foreach (var name in wanted)
        {
            yield return name switch
            {
                "select" => ("select-only (-S)", "-S"),
                "tpcb" => ("TPC-B-like (default)", null),
                _ => throw new ArgumentException($"DYNDB_BENCH_PGWIRE_SCRIPTS: unknown script '{name}' (known: select, tpcb)."),
            };
        }
    }

    /// <summary>
    /// The bytes the silo has allocated so far (<c>dotnet_gc_heap_total_allocated_bytes_total</c> of its <c>/metrics</c>); a run
    /// whose two scrapes read the same value (seen once in ~20 runs: a stale scrape) reports none rather than zero.
    /// </summary>
    private static async Task<double> AllocatedAsync(HaSiloProcess silo) =>
        PrometheusText.Sum(await HaSiloProcess.GetOkAsync(silo.Admin, "/metrics"), "dotnet_gc_heap_total_allocated_bytes_total") ?? double.NaN;

    private static string LastLines(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = PgBenchReport.Parse(output).FirstError;
        return error ?? string.Join(" / ", lines.TakeLast(2));
    }

    private static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;
}
