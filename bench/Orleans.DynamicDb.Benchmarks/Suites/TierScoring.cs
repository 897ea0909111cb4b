using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Tiers;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 13: the cost of classifying one session (goal ≤ 50 µs): <see cref="TierClassifier.Classify"/> on a profile
/// (features, model, metrics) on one thread, the model's score alone, and two threads at once. The model is
/// <c>ml/model/tier-model.zip</c> when it is there (or <c>DYNDB_TIER_MODEL</c>), else a stand-in of the same shape
/// trained here: FastTree one-versus-all with FastTree's default 100 trees of 20 leaves per class.
/// </summary>
internal static class TierScoring
{
    public const string Part = "tiers";
    private const int Rounds = 5;

    public static Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var (path, which) = ModelPath();
        var options = new TierOptions { ModelPath = path };
        var source = new TierModelSource(NullLogger<TierModelSource>.Instance);
        if (source.Error(options) is { } error)
        {
            throw new InvalidOperationException(error);
        }

        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var classifier = new TierClassifier(Microsoft.Extensions.Options.Options.Create(options), source, new TierMetrics(meters), TimeProvider.System);
        var model = source.Get(options)!;
        SessionProfile[] profiles = [Profile(reads: 90, writes: 10, rows: 100), Profile(reads: 5, writes: 95, rows: 5), Profile(reads: 900, writes: 0, rows: 500_000), Profile(reads: 1, writes: 5000, rows: 1)];
        var features = profiles.Select(TierFeatures.From).ToArray();
        var scores = settings.Calls(200_000);

        var classify = Measure(scores, i => classifier.Classify(profiles[i & 3]));
        var score = Measure(scores, i => model.Score(features[i & 3]));
        var parallel = MeasureParallel(scores, i => classifier.Classify(profiles[i & 3]));
        var bytes = AllocatedPerCall(scores / 10, i => classifier.Classify(profiles[i & 3]));
        table.Add(new ResultRow("T1", "classify one session (rules none, model), one thread", $"**{Fixed(Stats.Median(classify), 2)} µs**/score",
            Stats.Spread(classify, "F2") + " µs", $"{Rounds} rounds × {Count(scores)}; {Fixed(bytes, 0)} B allocated per score; goal ≤ 50 µs; model: {which}"));
        table.Add(new ResultRow("T1", "the model's score alone (TierModel.Score), one thread", $"**{Fixed(Stats.Median(score), 2)} µs**/score",
            Stats.Spread(score, "F2") + " µs", "features ready; per-thread prediction engine, no lock"));
        table.Add(new ResultRow("T1", "classify, two threads at once", $"**{Fixed(Stats.Median(parallel), 2)} µs**/score per thread",
            Stats.Spread(parallel, "F2") + " µs", "one engine per thread: no lock on the hot path (2 cores)"));
        return Task.CompletedTask;
    }

    private static List<double> Measure(int calls, Action<int> call)
    {
        for (var i = 0; i < calls / 10; i++)
        {
            call(i);
        }

        var rounds = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
            {
                call(i);
            }

            rounds.Add(TicksToMicroseconds(Stopwatch.GetTimestamp() - started) / calls);
        }

        return rounds;
    }

    private static List<double> MeasureParallel(int calls, Action<int> call)
    {
        var rounds = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var perThread = new double[2];
            Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < calls; i++)
                {
                    call(i + t);
                }

                perThread[t] = TicksToMicroseconds(Stopwatch.GetTimestamp() - started) / calls;
            });
            rounds.Add(perThread.Average());
        }

        return rounds;
    }

    private static double AllocatedPerCall(int calls, Action<int> call)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            call(i);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
    }

    private static (string Path, string Which) ModelPath()
    {
        if (Environment.GetEnvironmentVariable("DYNDB_TIER_MODEL") is { Length: > 0 } configured)
        {
            return (configured, $"{configured} (DYNDB_TIER_MODEL)");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "ml", "model", "tier-model.zip");
            if (File.Exists(candidate))
            {
                return (candidate, "ml/model/tier-model.zip (the trained model)");
            }
        }

        return (TrainStandIn(), "a stand-in trained here (FastTree OVA, 100 trees × 20 leaves per class; ml/model/tier-model.zip absent)");
    }

    private static string TrainStandIn()
    {
        var random = new Random(13);
        var rows = Enumerable.Range(0, 4000).Select(i =>
        {
            var tier = (Tier)(i % 4);
            float Noise(float center) => center * (float)(0.5 + random.NextDouble());
            return new TierFeatures
            {
                PgWire = random.Next(2),
                RatePerSecond = Noise(tier switch { Tier.High => 50, Tier.Medium => 10, Tier.Low => 2, _ => 200 }),
                ReadRatio = Math.Clamp(Noise(tier switch { Tier.High => 0.3f, Tier.Medium => 0.5f, Tier.Low => 0.9f, _ => 0.1f }), 0, 1),
                StatementsPerTransaction = Noise(tier == Tier.Background ? 100 : 2),
                P50Ms = Noise(tier == Tier.Low ? 80 : 1),
                P99Ms = Noise(tier == Tier.Low ? 400 : 5),
                RowsPerStatement = Noise(tier == Tier.Low ? 5000 : 3),
                BytesPerStatement = Noise(tier == Tier.Low ? 500_000 : 300),
                ServerTimePerStatementMs = Noise(tier == Tier.Low ? 70 : 1),
                LogStatements = Noise(6),
                Label = tier.ToString(),
            };
        }).ToList();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        string[] columns = [.. typeof(TierFeatures).GetProperties().Where(p => p.PropertyType == typeof(float)).Select(p => p.Name)];
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Concatenate("Features", columns))
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dyndb-bench-tier-model-{Guid.NewGuid():N}.zip");
        ml.Model.Save(pipeline.Fit(data), data.Schema, path);
        return path;
    }

    private static SessionProfile Profile(long reads, long writes, long rows)
    {
        var statements = reads + writes;
        var load = new SessionLoad(statements, reads, writes, 0, reads / (double)statements, 0, statements, 1, 20, 1.5, 12, rows, rows * 40, statements * 2.0, 2);
        var now = DateTimeOffset.UtcNow;
        return new SessionProfile("pg-bench", SessionProtocols.PgWire, SessionStates.Open, "shop", "orders", "shop", "127.0.0.1", 5000, "silo",
            SessionPrivileges.App, "key:sha256:0", null, "web", new Dictionary<string, string> { ["application_name"] = "web" }, now, now, null, null, load);
    }
}
