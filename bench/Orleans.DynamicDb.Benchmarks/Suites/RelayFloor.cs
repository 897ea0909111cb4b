using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Part <c>relay</c> (issue 12 item 7, what the goal asks of a .NET frontend on this machine): pgbench select-only directly
/// against PostgreSQL, through PgBouncer 1.18 in transaction mode, and through the least a .NET process can do in between
/// (<see cref="ByteRelay"/>: copy bytes, parse nothing, one server connection per client), the relay run twice — socket
/// continuations on the thread pool (.NET's default, what the silo does) and inline on the socket engine's thread
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>). On a machine whose cores pgbench, PostgreSQL and the middle
/// process share, the middle's CPU per transaction decides the TPS; this part says how low a .NET middle can go.
/// </summary>
/// <remarks>
/// Knobs (environment): <c>DYNDB_BENCH_RELAY_CLIENTS</c> (16,64), <c>DYNDB_BENCH_RELAY_SECONDS</c> (10; <c>--quick</c>: 3),
/// <c>DYNDB_BENCH_RELAY_WARMUP</c> (3 s per target and client count, not counted), <c>DYNDB_BENCH_RELAY_ROUNDS</c> (2: the
/// targets are run in turn, round after round, so a load change hits them alike; the table shows the median round).
/// </remarks>
internal static class RelayFloor
{
    public const string Part = "relay";
    private const string Database = "relay";
    private const int Scale = 10;

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var seconds = Knob("DYNDB_BENCH_RELAY_SECONDS", settings.Quick ? 3 : 10);
        var warmup = Knob("DYNDB_BENCH_RELAY_WARMUP", settings.Quick ? 1 : 3);
        var rounds = Math.Max(1, Knob("DYNDB_BENCH_RELAY_ROUNDS", settings.Quick ? 1 : 2));
        int[] clients = Environment.GetEnvironmentVariable("DYNDB_BENCH_RELAY_CLIENTS") is { Length: > 0 } list
            ? [.. list.Split(',').Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture))]
            : [16, 64];
        Console.WriteLine($"  scale {Scale}; {seconds} s per run after {warmup} s of warm-up; {rounds} rounds; clients {string.Join(", ", clients)}; -S -M simple -j 2");

        await using var server = await PostgresServer.StartAsync();
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var direct = new PgBenchTarget("PostgreSQL (direct)", server.Port, Database, "postgres", null);
        var (initCode, initOutput) = await PgBenchProcess.RunAsync(direct, ["-i", "-q", "-s", Scale.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(10));
        if (initCode != 0)
        {
            throw new InvalidOperationException($"pgbench -i failed ({initCode}): {initOutput}");
        }

        var most = clients.Max();
        await using var bouncer = await PgBouncerServer.StartAsync(server.Port, [Database], poolSize: 20, maxClients: most + 100);
        using var pooled = RelayProcess.Start(server.Port, inline: false);
        using var inline = RelayProcess.Start(server.Port, inline: true);
        await pooled.WaitListeningAsync();
        await inline.WaitListeningAsync();
        PgBenchTarget[] targets =
        [
            direct,
            new("PgBouncer 1.18 (transaction)", bouncer.Port, Database, "postgres", null, bouncer.ProcessId),
            new(".NET byte relay, thread-pool completions", pooled.Port, Database, "postgres", null, pooled.ProcessId),
            new(".NET byte relay, inline completions", inline.Port, Database, "postgres", null, inline.ProcessId),
        ];

        var runs = new List<(int Clients, int Round, string Target, double Tps, double? CpuUs)>();
        foreach (var count in clients)
        {
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var target in targets)
                {
                    string[] common = ["-n", "-S", "-M", "simple", "-c", count.ToString(CultureInfo.InvariantCulture), "-j", "2"];
                    if (warmup > 0)
                    {
                        await PgBenchProcess.RunAsync(target, [.. common, "-T", warmup.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(warmup * 4 + 60));
                    }

                    var cpuBefore = target.MiddlePid is { } pid ? ProcessCpu.Seconds(pid) : double.NaN;
                    var (code, output) = await PgBenchProcess.RunAsync(target, [.. common, "-T", seconds.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(seconds * 4 + 60));
                    var report = PgBenchReport.Parse(output);
                    if (code != 0 || report.Tps is not { } tps || report.Processed <= 0)
                    {
                        throw new InvalidOperationException($"pgbench -S through {target.Name} failed ({code}): {output}");
                    }

                    double? cpu = target.MiddlePid is { } middle ? (ProcessCpu.Seconds(middle) - cpuBefore) * 1_000_000 / report.Processed : null;
                    runs.Add((count, round, target.Name, tps, cpu));
                    Console.WriteLine($"  {count} clients, round {round}, {target.Name}: {Fixed(tps, 0)} TPS{(cpu is { } c ? $", middle CPU {Fixed(c, 1)} µs/tx" : "")}");
                }
            }
        }

        var text = new StringBuilder();
        text.AppendLine($"pgbench select-only (scale {Scale}, `-S -M simple -j 2 -T {seconds}`, {warmup} s warm-up per run not counted, {rounds} rounds in turn; median round shown, all rounds in brackets)");
        text.AppendLine();
        text.AppendLine("| clients | target | TPS | middle CPU µs/tx | ÷ PgBouncer TPS |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var count in clients)
        {
            var bouncerTps = Median(runs.Where(r => r.Clients == count && r.Target.StartsWith("PgBouncer", StringComparison.Ordinal)).Select(r => r.Tps));
            foreach (var target in targets)
            {
                var mine = runs.Where(r => r.Clients == count && r.Target == target.Name).ToList();
                var tps = Median(mine.Select(r => r.Tps));
                var cpu = mine.All(r => r.CpuUs is not null) ? Median(mine.Select(r => r.CpuUs!.Value)) : (double?)null;
                text.AppendLine($"| {count} | {target.Name} | {Fixed(tps, 0)} ({string.Join(", ", mine.Select(r => Fixed(r.Tps, 0)))}) | "
                    + $"{(cpu is { } c ? $"{Fixed(c, 1)} ({string.Join(", ", mine.Select(r => Fixed(r.CpuUs!.Value, 1)))})" : "—")} | {Fixed(tps / bouncerTps, 2)} |");
                table.Add(new ResultRow("12.7 relay floor", $"select-only, {count} clients: {target.Name}", $"{Fixed(tps, 0)} TPS",
                    string.Join(", ", mine.Select(r => Fixed(r.Tps, 0))), cpu is { } u ? $"middle CPU {Fixed(u, 1)} µs/tx" : "no middle process"));
            }
        }

        table.AddSection(text.ToString());
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;

    /// <summary>This benchmark's own executable started as a <see cref="ByteRelay"/> on a free port.</summary>
    private sealed class RelayProcess : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private RelayProcess(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public int ProcessId => _process.Id;

        public static RelayProcess Start(int serverPort, bool inline)
        {
            var port = FreePort.Next();
            var host = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own executable is unknown.");
            var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                info.ArgumentList.Add(typeof(RelayFloor).Assembly.Location);
            }

            foreach (var argument in (string[])[ByteRelay.ServeArgument, port.ToString(CultureInfo.InvariantCulture), serverPort.ToString(CultureInfo.InvariantCulture)])
            {
                info.ArgumentList.Add(argument);
            }

            // The silo's thread-pool setting (no spinning), so only the completion mode differs between the two relays.
            info.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
            info.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = inline ? "1" : "0";
            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the relay process.");
            var relay = new RelayProcess(process, port);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith("relaying", StringComparison.Ordinal) == true)
                {
                    relay._listening.TrySetResult();
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return relay;
        }

        public async Task WaitListeningAsync()
        {
            var started = await Task.WhenAny(_listening.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
            if (started != _listening.Task)
            {
                throw new InvalidOperationException($"The relay on port {Port} did not start listening within 30 s (exited: {_process.HasExited}).");
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
