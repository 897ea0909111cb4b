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
/// The adaptive limit on a real PostgreSQL: Low's limit starts at the floor and holds there without Low demand; Low
/// statements pressing against it with no High to protect grow it to the ceiling; CPU-heavy Low aggregates slow High's
/// point reads down, so it shrinks; after a quiet spell it decays back to the floor.
/// Asserted through the status API, polled with deadlines.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdaptivePostgresAdmissionTests(PostgresFixture postgres) : IDisposable
{
    private const int Slots = 6;
    private const int ReservedHigh = 2;
    private const int Ceiling = Slots - ReservedHigh;
    private const int LowClients = 8;
    private const string PressSql = "SELECT count(*) FROM accounts WHERE aid % 7 = 3";
    private const string HeavySql = "SELECT sum(i % 7), count(DISTINCT i % 1000) FROM generate_series(1, 1000000) AS i";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task Low_starts_at_the_floor_grows_while_it_presses_shrinks_when_high_slows_and_decays_when_idle()
    {
        await using var cluster = await StartAsync();
        var name = $"adapt_{Guid.NewGuid():N}"[..30];
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/{name}");
        await db.ExecAsync(Statement.Of("CREATE TABLE accounts (aid INTEGER PRIMARY KEY, balance INTEGER NOT NULL)"));
        await db.ExecAsync(Statement.Of("INSERT INTO accounts SELECT i, 0 FROM generate_series(1, 10000) AS i"));

        // High alone: its quiet baseline is learned; without Low demand the lower tiers hold at the floor (slow start).
        using (var stopQuiet = new CancellationTokenSource())
        {
            var quiet = HighLoops(db, stopQuiet.Token);
            await Eventually.True(() => Status(cluster).HighBaselineMs > 0, "High's quiet baseline is learned", Deadline);
            Assert.Equal((1, 1), (LowLimit(cluster), Status(cluster).Tiers[(int)Tier.Background].Limit));
            await stopQuiet.CancelAsync();
            await Eventually.Within(Task.WhenAll(quiet), "the quiet High loops to stop", Deadline);
        }

        // Low alone presses against the limit: with no High to protect it grows to the ceiling.
        await PressAsync(cluster, db, "press", () => LowLimit(cluster) == Ceiling, $"the Low limit grows to {Ceiling} while Low presses against it");

        // CPU-heavy Low aggregates beside High: High slows down beyond its tolerance, so the limit shrinks.
        using (var stopLoad = new CancellationTokenSource())
        {
            var high = HighLoops(db, stopLoad.Token);
            var low = Enumerable.Range(0, LowClients).Select(i => LoopAsync(db, $"low-{i}", Tier.Low, HeavySql, stopLoad.Token)).ToArray();
            await Eventually.True(() => LowLimit(cluster) < Ceiling, $"the Low limit shrinks below {Ceiling} under the CPU-heavy Low load ({Describe(cluster)})", Deadline);
            var shrunk = Status(cluster);
            Assert.True(shrunk.HighRecentMs > shrunk.HighBaselineMs, Describe(cluster));
            Assert.True(shrunk.Tiers[(int)Tier.Low].Admitted > 0, "Low still ran");
            await stopLoad.CancelAsync();
            await Eventually.Within(Task.WhenAll(low.Concat(high)), "the load loops to stop", Deadline);
        }

        // A new burst of Low load grows it again; once Low stops pressing it decays back to the floor.
        await PressAsync(cluster, db, "again", () => LowLimit(cluster) > 1, "the Low limit grows again while Low presses");
        await Eventually.True(() => LowLimit(cluster) == 1, $"the Low limit decays to the floor after {AdaptiveLimit.IdleIntervals} intervals without Low demand ({Describe(cluster)})", Deadline);
    }

    /// <summary>Runs <see cref="LowClients"/> loops of cheap Low reads until <paramref name="done"/> holds.</summary>
    private static async Task PressAsync(DatabaseTestCluster cluster, IDatabaseGrain db, string session, Func<bool> done, string what)
    {
        using var stop = new CancellationTokenSource();
        var pressing = Enumerable.Range(0, LowClients).Select(i => LoopAsync(db, $"{session}-{i}", Tier.Low, PressSql, stop.Token)).ToArray();
        await Eventually.True(done, $"{what} ({Describe(cluster)})", Deadline);
        await stop.CancelAsync();
        await Eventually.Within(Task.WhenAll(pressing), "the pressing Low loops to stop", Deadline);
    }

    private static Task[] HighLoops(IDatabaseGrain db, CancellationToken stop) =>
        Enumerable.Range(0, 2).Select(i => LoopAsync(db, $"high-{i}", Tier.High, "SELECT balance FROM accounts WHERE aid = 42", stop)).ToArray();

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
