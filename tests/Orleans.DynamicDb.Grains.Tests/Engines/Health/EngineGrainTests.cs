using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

/// <summary>EngineGrain on a real Orleans test cluster, against real PostgreSQL servers that stop and start again.</summary>
public sealed class EngineGrainTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_postgres_engine_whose_server_stops_fails_and_opens_its_circuit_then_recovers_when_the_server_returns()
    {
        using var directory = new TempDirectory();
        await using var server = await PostgresServer.StartAsync();
        await using var cluster = await EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(),
            EngineClusterFactory.FastHealth("pg", "postgres", ("ConnectionString", server.ConnectionString)));
        var engine = cluster.Client.GetGrain<IEngineGrain>("pg");
        await WaitForAsync(engine, s => s is { State: EngineHealthState.Healthy, Circuit: CircuitState.Closed }, "the engine is Healthy first");

        await server.StopAsync();
        await WaitForAsync(engine, s => s is { State: EngineHealthState.Failed, Circuit: CircuitState.Open }, "the stopped server's engine is Failed with its circuit Open");

        await server.RestartAsync();
        var recovered = await WaitForAsync(engine, s => s is { State: EngineHealthState.Healthy, Circuit: CircuitState.Closed }, "the engine recovers");
        Assert.Equal("standalone", recovered.Role);
        Assert.Equal(1.0, recovered.Weight);

        var events = await engine.GetEventsAsync(0, 1000);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal("pg", e.Engine));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.At <= p.Second.At), "events are in time order");
        var states = events.Where(e => e.Type == "state").Select(e => $"{e.From}>{e.To}").ToList();
        AssertInOrder(states, "Initializing>Healthy", "Healthy>Degraded", "Degraded>Failed", "Failed>Initializing", "Initializing>Healthy");
        var circuit = events.Where(e => e.Type == "circuit").Select(e => $"{e.From}>{e.To}").ToList();
        AssertInOrder(circuit, "Closed>Open", "Open>HalfOpen", "HalfOpen>Closed");
        Assert.Contains("probes failed", events.First(e => e.To == "Failed").Reason, StringComparison.Ordinal);

        var page = await engine.GetEventsAsync(events[1].Sequence, 2);
        Assert.Equal(events.Skip(2).Take(2), page);
    }

    [Fact]
    public async Task The_engine_state_survives_a_silo_restart()
    {
        using var directory = new TempDirectory();
        var serviceId = EngineClusterFactory.NewServiceId();
        var dead = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=postgres";
        IReadOnlyList<EngineEvent> before;
        EngineStatus failed;
        await using (var cluster = await EngineClusterFactory.StartAsync(directory.Path, serviceId,
            EngineClusterFactory.FastHealth("pg", "postgres", ("ConnectionString", dead), ("Health:GracePeriod", "00:10:00"))))
        {
            var engine = cluster.Client.GetGrain<IEngineGrain>("pg");
            failed = await WaitForAsync(engine, s => s is { State: EngineHealthState.Failed, Circuit: CircuitState.Open }, "a server nobody listens for fails");
            before = await engine.GetEventsAsync(0, 1000);
        }

        await using (var cluster = await EngineClusterFactory.StartAsync(directory.Path, serviceId,
            EngineClusterFactory.FastHealth("pg", "postgres", ("ConnectionString", dead), ("Health:GracePeriod", "00:10:00"), ("Health:HealthCheckInterval", "01:00:00"))))
        {
            var engine = cluster.Client.GetGrain<IEngineGrain>("pg");
            var status = await engine.GetStatusAsync();
            Assert.Equal(EngineHealthState.Failed, status.State);
            Assert.Equal(CircuitState.Open, status.Circuit);
            Assert.Equal(failed.LastChangeAt, status.LastChangeAt);
            Assert.Equal(before, await engine.GetEventsAsync(0, 1000));
        }
    }

    [Fact]
    public async Task Reported_statement_failures_open_the_circuit_before_any_probe()
    {
        using var directory = new TempDirectory();
        await using var server = await PostgresServer.StartAsync();
        await using var cluster = await EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(),
            EngineClusterFactory.FastHealth("pg", "postgres", ("ConnectionString", server.ConnectionString), ("Health:HealthCheckInterval", "01:00:00"),
                ("Health:ProbeOnConnectionFailure", "false")));
        var engine = cluster.Client.GetGrain<IEngineGrain>("pg");
        var healthy = await WaitForAsync(engine, s => s.State == EngineHealthState.Healthy, "the first probe round finds the engine Healthy");
        var database = cluster.Client.GetGrain<IDatabaseGrain>($"app{Guid.NewGuid():N}"[..12] + "/orders");
        await database.ExecAsync(Statement.Of("CREATE TABLE t (id INTEGER)"));

        await server.StopAsync();
        for (var i = 0; i < EngineOutcomeReporter.FailureBurst; i++)
        {
            var e = await Assert.ThrowsAsync<DynamicDbException>(() => database.ExecAsync(Statement.Of("INSERT INTO t VALUES (1)")));
            Assert.Equal(ErrorCodes.EngineUnavailable, e.ErrorCode);
        }

        var open = await WaitForAsync(engine, s => s.Circuit == CircuitState.Open, "statement failures open the circuit");
        Assert.Equal(healthy.LastProbeAt, open.LastProbeAt);
        var opened = (await engine.GetEventsAsync(0, 1000)).Single(e => e is { Type: "circuit", To: "Open" });
        Assert.Contains(ErrorCodes.EngineUnavailable, opened.Reason, StringComparison.Ordinal);
        Assert.Equal(EngineHealthState.Degraded, open.State);
    }

    [Fact]
    public async Task A_tenants_sql_errors_do_not_count_against_the_engine()
    {
        using var directory = new TempDirectory();
        await using var cluster = await EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(),
            EngineClusterFactory.FastHealth("lite", "sqlite", ("DataDirectory", directory.Path), ("Health:HealthCheckInterval", "01:00:00")));
        var engine = cluster.Client.GetGrain<IEngineGrain>("lite");
        await WaitForAsync(engine, s => s.State == EngineHealthState.Healthy, "the sqlite engine is Healthy");
        var database = cluster.Client.GetGrain<IDatabaseGrain>("apperr/db");
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<DynamicDbException>(() => database.ExecAsync(Statement.Of("INSERT INTO missing VALUES (1)")));
        }

        await WaitForAsync(engine, s => s.LatencyP50Ms is not null && s.ErrorRate == 0, "the statements are reported as answered by the engine");
        Assert.Equal(CircuitState.Closed, (await engine.GetStatusAsync()).Circuit);
    }

    [Fact]
    public async Task The_health_gauges_show_the_current_state_and_circuit()
    {
        using var directory = new TempDirectory();
        await using var cluster = await EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(),
            EngineClusterFactory.FastHealth("lite", "sqlite", ("DataDirectory", directory.Path)));
        var engine = cluster.Client.GetGrain<IEngineGrain>("lite");
        await WaitForAsync(engine, s => s.State == EngineHealthState.Healthy, "the sqlite engine is Healthy");
        using var metrics = new MetricRecorder(cluster.Silos[0].ServiceProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            EngineHealthMetrics.StateInstrument, EngineHealthMetrics.CircuitOpenInstrument);

        var states = metrics.Observe(EngineHealthMetrics.StateInstrument).Where(m => Equals(m.Tags["engine"], "lite")).ToList();

        Assert.Equal(5, states.Count);
        Assert.Equal("healthy", states.Single(m => m.Value == 1).Tags["state"]);
        Assert.Equal(0, metrics.Observe(EngineHealthMetrics.CircuitOpenInstrument).Single(m => Equals(m.Tags["engine"], "lite")).Value);
    }

    [Fact]
    public async Task An_unknown_engine_id_and_bad_event_paging_are_refused_with_their_codes()
    {
        using var directory = new TempDirectory();
        await using var cluster = await EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(),
            EngineClusterFactory.FastHealth("lite", "sqlite", ("DataDirectory", directory.Path)));

        var unknown = await Assert.ThrowsAsync<DynamicDbException>(() => cluster.Client.GetGrain<IEngineGrain>("nope").GetStatusAsync());
        Assert.Equal(ErrorCodes.EngineUnknown, unknown.ErrorCode);
        Assert.Contains("'nope'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'lite'", unknown.Message, StringComparison.Ordinal);

        var engine = cluster.Client.GetGrain<IEngineGrain>("lite");
        Assert.Equal(ErrorCodes.RequestInvalid, (await Assert.ThrowsAsync<DynamicDbException>(() => engine.GetEventsAsync(-1, 10))).ErrorCode);
        Assert.Equal(ErrorCodes.RequestInvalid, (await Assert.ThrowsAsync<DynamicDbException>(() => engine.GetEventsAsync(0, 0))).ErrorCode);
    }

    [Fact]
    public async Task A_bad_health_setting_stops_the_start_naming_the_setting()
    {
        using var directory = new TempDirectory();
        var settings = EngineClusterFactory.FastHealth("lite", "sqlite", ("DataDirectory", directory.Path), ("Health:Policy", "most"));

        var e = await Assert.ThrowsAnyAsync<Exception>(() => EngineClusterFactory.StartAsync(directory.Path, EngineClusterFactory.NewServiceId(), settings));

        var failure = Flatten(e).OfType<OptionsValidationException>().First();
        Assert.Contains("DynamicDb:Engines:0:Health:Policy: 'most' is not a probe policy", failure.Message, StringComparison.Ordinal);
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

    /// <summary>Each of <paramref name="expected"/> appears in <paramref name="actual"/>, after the previous one.</summary>
    private static void AssertInOrder(IReadOnlyList<string> actual, params string[] expected)
    {
        var at = 0;
        foreach (var item in expected)
        {
            var found = actual.Skip(at).ToList().IndexOf(item);
            Assert.True(found >= 0, $"'{item}' does not follow in [{string.Join(", ", actual)}] from position {at}.");
            at += found + 1;
        }
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        var inner = e is AggregateException a ? a.InnerExceptions : e.InnerException is { } i ? [i] : [];
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }
}
