using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

/// <summary>
/// Out-of-band probe rounds (<see cref="EngineHealthOptions.ProbeOnConnectionFailure"/>) on a real Orleans test cluster
/// against a real PostgreSQL server; the probe interval is an hour, so only a triggered round can probe.
/// </summary>
public sealed class EngineGrainProbeTriggerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_killed_server_whose_only_failed_write_is_far_below_min_num_failures_opens_the_circuit_without_waiting_for_the_next_probe_interval()
    {
        using var directory = new TempDirectory();
        await using var server = await PostgresServer.StartAsync();
        await using var cluster = await EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(),
            EngineClusterFactory.FastHealth("pg", "postgres", ("ConnectionString", server.ConnectionString),
                ("Health:HealthCheckInterval", "01:00:00"), ("Health:HealthCheckProbes", "3"), ("Health:MinNumFailures", "5"),
                ("Health:FailuresDetectionWindow", "00:01:00"), ("Health:GracePeriod", "00:10:00")));
        using var metrics = new MetricRecorder(cluster.Silos[0].ServiceProvider.GetRequiredService<IMeterFactory>(), EngineHealthMetrics.ProbeTriggeredInstrument);
        var engine = cluster.Client.GetGrain<IEngineGrain>("pg");
        var healthy = await WaitForAsync(engine, s => s is { State: EngineHealthState.Healthy, LastProbeAt: not null }, "the first probe round finds the engine Healthy");
        var database = cluster.Client.GetGrain<IDatabaseGrain>($"app{Guid.NewGuid():N}"[..12] + "/orders");
        await database.ExecAsync(Statement.Of("CREATE TABLE t (id INTEGER)"));
        for (var i = 0; i < 5; i++)
        {
            await database.ExecAsync(Statement.Of("INSERT INTO t VALUES (1)"));
        }

        KillPostmaster(server);
        var failed = 0;
        for (var i = 0; i < 100 && failed < 1; i++)
        {
            try
            {
                await database.ExecAsync(Statement.Of("INSERT INTO t VALUES (2)"));
            }
            catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.EngineUnavailable)
            {
                failed++;
            }
        }

        Assert.Equal(1, failed);
        var open = await WaitForAsync(engine, s => s.Circuit == CircuitState.Open, "one failed write starts probe rounds at once, whose failures open the circuit");
        Assert.True(open.LastProbeAt > healthy.LastProbeAt, "a probe round ran although the next interval is an hour away");
        Assert.True(metrics.Sum(EngineHealthMetrics.ProbeTriggeredInstrument, ("engine", "pg")) >= 1);
        Assert.NotEqual(EngineHealthState.Healthy, open.State);
    }

    [Fact]
    public async Task A_thousand_suspicions_at_once_start_one_probe_round_and_none_within_the_spacing_after_it()
    {
        using var directory = new TempDirectory();
        await using var server = await PostgresServer.StartAsync();
        await using var cluster = await EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(),
            EngineClusterFactory.FastHealth("pg", "postgres", ("ConnectionString", server.ConnectionString),
                ("Health:HealthCheckInterval", "01:00:00"), ("Health:HealthCheckProbes", "1"), ("Health:HealthCheckProbesDelay", "00:10:00")));
        using var metrics = new MetricRecorder(cluster.Silos[0].ServiceProvider.GetRequiredService<IMeterFactory>(), EngineHealthMetrics.ProbeTriggeredInstrument);
        var engine = cluster.Client.GetGrain<IEngineGrain>("pg");
        var healthy = await WaitForAsync(engine, s => s is { State: EngineHealthState.Healthy, LastProbeAt: not null }, "the first probe round finds the engine Healthy");

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => engine.SuspectUnreachableAsync($"suspicion {i}")));
        Assert.Equal(1, metrics.Sum(EngineHealthMetrics.ProbeTriggeredInstrument, ("engine", "pg")));
        var probed = await WaitForAsync(engine, s => s.LastProbeAt > healthy.LastProbeAt, "the triggered round ran");

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => engine.SuspectUnreachableAsync($"suspicion {i}")));
        Assert.Equal(1, metrics.Sum(EngineHealthMetrics.ProbeTriggeredInstrument, ("engine", "pg")));
        var after = await engine.GetStatusAsync();
        Assert.Equal(probed.LastProbeAt, after.LastProbeAt);
        Assert.Equal(CircuitState.Closed, after.Circuit);
    }

    [Fact]
    public async Task An_open_circuit_or_a_disabled_trigger_starts_no_round()
    {
        using var directory = new TempDirectory();
        var dead = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=postgres";
        await using var cluster = await EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(),
            new Dictionary<string, string?>(EngineClusterFactory.FastHealth("pg", "postgres", ("ConnectionString", dead), ("Health:GracePeriod", "00:10:00")))
            {
                ["DynamicDb:Engines:1:Id"] = "quiet",
                ["DynamicDb:Engines:1:Kind"] = "postgres",
                ["DynamicDb:Engines:1:ConnectionString"] = dead,
                ["DynamicDb:Engines:1:Health:HealthCheckInterval"] = "01:00:00",
                ["DynamicDb:Engines:1:Health:ProbeOnConnectionFailure"] = "false",
            });
        using var metrics = new MetricRecorder(cluster.Silos[0].ServiceProvider.GetRequiredService<IMeterFactory>(), EngineHealthMetrics.ProbeTriggeredInstrument);
        var engine = cluster.Client.GetGrain<IEngineGrain>("pg");
        await WaitForAsync(engine, s => s.Circuit == CircuitState.Open, "a server nobody listens for opens the circuit by probes");
        var quiet = cluster.Client.GetGrain<IEngineGrain>("quiet");
        await quiet.GetStatusAsync();

        await engine.SuspectUnreachableAsync("refused");
        await quiet.SuspectUnreachableAsync("refused");

        Assert.Equal(0, metrics.Sum(EngineHealthMetrics.ProbeTriggeredInstrument));
    }

    /// <summary>SIGKILL of the server's postmaster (its pid is the first line of postmaster.pid).</summary>
    private static void KillPostmaster(PostgresServer server)
    {
        var pid = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        using var postmaster = Process.GetProcessById(pid);
        postmaster.Kill();
    }

    private static async Task<EngineStatus> WaitForAsync(IEngineGrain engine, Func<EngineStatus, bool> condition, string because)
    {
        EngineStatus? last = null;
        try
        {
            await Eventually.True(async () => condition(last = await engine.GetStatusAsync()), because, Deadline);
        }
        catch (TimeoutException e)
        {
            var events = string.Join(Environment.NewLine, (await engine.GetEventsAsync(0, 1000)).Select(x => $"  {x.Sequence} {x.Type} {x.From}>{x.To}: {x.Reason}"));
            throw new TimeoutException($"{e.Message}; last status {last}; events:{Environment.NewLine}{events}", e);
        }

        return last!;
    }
}
