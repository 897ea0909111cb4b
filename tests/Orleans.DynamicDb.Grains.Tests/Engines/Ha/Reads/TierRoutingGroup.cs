using System.Runtime.Versioning;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Reads;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Reads;

/// <summary>
/// A started <c>postgres-ha</c> engine (a primary and two synchronous standbys) with tier routing on, and one open
/// database with a table <c>entries (n)</c>. Its <see cref="Routing"/> settings are read at every lag poll, so a test may
/// change <see cref="TierRoutingOptions.MaxStandbyLag"/> while it runs.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class TierRoutingGroup : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private TierRoutingGroup(TempDirectory data, HaPostgresEngine engine, TierRoutingOptions routing, MetricRecorder metrics)
    {
        _data = data;
        Metrics = metrics;
        Engine = engine;
        Routing = routing;
    }

    public HaPostgresEngine Engine { get; }

    public TierRoutingOptions Routing { get; }

    /// <summary>What the engine's tier routing instruments recorded.</summary>
    internal MetricRecorder Metrics { get; }

    public IDatabaseConnection Database { get; private set; } = null!;

    /// <summary>Starts a group on ports from <paramref name="ports"/> with a standby lag bound of <paramref name="maxLag"/>.</summary>
    public static async Task<TierRoutingGroup> StartAsync(int ports, TimeSpan maxLag, ITestOutputHelper? output = null)
    {
        var data = new TempDirectory();
        var options = new EngineOptions
        {
            Id = "pg-tiers",
            Kind = EngineKinds.PostgresHa,
            DataDirectory = Path.Combine(data.Path, "group"),
            BinDirectory = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory,
            PortRangeStart = ports,
            PortRangeEnd = ports + 99,
        };
        var routing = new TierRoutingOptions { MaxStandbyLag = maxLag, LagPollInterval = TimeSpan.FromMilliseconds(100) };
        var loggers = output is null ? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance : TestOutputLoggerProvider.CreateFactory(output);
        var engine = new HaPostgresEngine(options, loggers);
        var metrics = MetricRecorder.WithOwnFactory(TierRoutingMetrics.RoutedInstrument, TierRoutingMetrics.ReplayLagInstrument);
        engine.UseTierRouting(routing, new TierRoutingMetrics(metrics.Factory));
        var group = new TierRoutingGroup(data, engine, routing, metrics);
        await engine.StartAsync();
        group.Database = await engine.OpenAsync(DatabaseName.Create("app", "tiers"));
        await group.Database.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER NOT NULL)"));
        return group;
    }

    /// <summary>The standbys' names now.</summary>
    public IReadOnlyList<string> Standbys => [.. Engine.Group.Members.Where(m => Engine.Group.RoleOf(m) == MemberRole.Standby)];

    /// <summary>Runs <paramref name="sql"/> as <paramref name="tier"/> (session <paramref name="session"/>) and answers whether it ran on a standby.</summary>
    public async Task<bool> InRecoveryAsync(Tier tier, string? session = null) =>
        (bool)(await Database.QueryAsync(new Statement("SELECT pg_is_in_recovery()").From(session, tier))).Rows[0][0]!;

    /// <summary>Runs a superuser statement on <paramref name="member"/>.</summary>
    public async Task SuperuserAsync(string member, string sql)
    {
        await using var connection = new NpgsqlConnection(Engine.Group.ConnectionString(member));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Pauses WAL replay on every standby (they keep receiving and acknowledging it, so commits go on).</summary>
    public async Task PauseReplayAsync()
    {
        foreach (var standby in Standbys)
        {
            await SuperuserAsync(standby, "SELECT pg_wal_replay_pause()");
        }
    }

    public async Task ResumeReplayAsync()
    {
        foreach (var standby in Standbys)
        {
            await SuperuserAsync(standby, "SELECT pg_wal_replay_resume()");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Database is not null)
        {
            await Database.CloseAsync();
        }

        await Engine.DisposeAsync();
        Metrics.Dispose();
        _data.Dispose();
    }
}
