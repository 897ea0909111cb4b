using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>
/// The adaptive limit on a real PostgreSQL: High point reads run steadily; CPU-heavy Low aggregates slow them down on
/// the engine, so Low's limit shrinks; when the load stops it grows back. Asserted through the status API, polled with deadlines.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdaptivePostgresAdmissionTests(PostgresFixture postgres) : IDisposable
{
    private const int Slots = 6;
    private const int ReservedHigh = 2;
    private const int Ceiling = Slots - ReservedHigh;
    private const int LowClients = 8;
    private const string HeavySql = "SELECT sum(i % 7), count(DISTINCT i % 1000) FROM generate_series(1, 1000000) AS i";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task Under_a_cpu_heavy_low_load_the_low_limit_shrinks_and_grows_back_when_the_load_stops()
    {
        await using var cluster = await StartAsync();
        var name = $"adapt_{Guid.NewGuid():N}"[..30];
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/{name}");
        await db.ExecAsync(Statement.Of("CREATE TABLE accounts (aid INTEGER PRIMARY KEY, balance INTEGER NOT NULL)"));
        await db.ExecAsync(Statement.Of("INSERT INTO accounts SELECT i, 0 FROM generate_series(1, 10000) AS i"));

        using var stopHigh = new CancellationTokenSource();
        var high = Enumerable.Range(0, 2).Select(i => LoopAsync(db, $"high-{i}", Tier.High, "SELECT balance FROM accounts WHERE aid = 42", stopHigh.Token)).ToArray();
        await Eventually.True(() => Status(cluster).HighBaselineMs > 0, "High's quiet baseline is learned", Deadline);
        Assert.Equal(Ceiling, LowLimit(cluster));

        using var stopLow = new CancellationTokenSource();
        var low = Enumerable.Range(0, LowClients).Select(i => LoopAsync(db, $"low-{i}", Tier.Low, HeavySql, stopLow.Token)).ToArray();
        await Eventually.True(() => LowLimit(cluster) < Ceiling, $"the Low limit shrinks below {Ceiling} under the Low load ({Describe(cluster)})", Deadline);
        var shrunk = Status(cluster);
        Assert.True(shrunk.HighRecentMs > shrunk.HighBaselineMs, Describe(cluster));
        Assert.True(shrunk.Tiers[(int)Tier.Low].Admitted > 0, "Low still ran");

        await stopLow.CancelAsync();
        await stopHigh.CancelAsync();
        await Eventually.Within(Task.WhenAll(low.Concat(high)), "the load loops to stop", Deadline);
        await Eventually.True(() => LowLimit(cluster) == Ceiling, $"the Low limit grows back to {Ceiling} once the load stopped ({Describe(cluster)})", Deadline);
        await Eventually.True(() => Status(cluster).Tiers[(int)Tier.Background].Limit == Ceiling, $"the Background limit grows back to {Ceiling}, after Low's ({Describe(cluster)})", Deadline);
    }

    public void Dispose() => _root.Dispose();

    private static async Task LoopAsync(IDatabaseGrain db, string session, Tier tier, string sql, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await db.QueryAsync(Statement.Of(sql).From(session, tier));
        }
    }

    private static EngineAdmissionStatus Status(DatabaseTestCluster cluster) =>
        cluster.ServiceProvider.GetRequiredService<TierAdmission>().StatusOf("pg");

    private static int LowLimit(DatabaseTestCluster cluster) => Status(cluster).Tiers[(int)Tier.Low].Limit;

    private static string Describe(DatabaseTestCluster cluster)
    {
        var s = Status(cluster);
        return string.Create(CultureInfo.InvariantCulture,
            $"High recent {s.HighRecentMs:0.###} ms, baseline {s.HighBaselineMs:0.###} ms; Low limit {s.Tiers[(int)Tier.Low].Limit}, in flight {s.Tiers[(int)Tier.Low].InFlight}, queued {s.Tiers[(int)Tier.Low].Queued}");
    }

    private Task<DatabaseTestCluster> StartAsync() => DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
    {
        ["DynamicDb:Engines:0:Id"] = "pg",
        ["DynamicDb:Engines:0:Kind"] = "postgres",
        ["DynamicDb:Engines:0:ConnectionString"] = postgres.Server.ConnectionString,
        ["DynamicDb:KeyRingDirectory"] = Path.Combine(Path.GetDirectoryName(postgres.Server.DataDirectory)!, "keys"),
        ["DynamicDb:Tiers:Admission:SlotsPerEngine"] = Slots.ToString(CultureInfo.InvariantCulture),
        ["DynamicDb:Tiers:Admission:ReservedHigh"] = ReservedHigh.ToString(CultureInfo.InvariantCulture),
        ["DynamicDb:Tiers:Admission:Adaptive"] = "true",
        ["DynamicDb:Tiers:Admission:AdaptiveTolerance"] = "0.5",
        ["DynamicDb:Tiers:Admission:AdaptInterval"] = "00:00:00.2",
        ["DynamicDb:Tiers:Admission:QueueTimeout"] = "00:01:00",
    });
}
