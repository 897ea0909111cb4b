using Orleans.DynamicDb.Ml.Recording;
using Orleans.DynamicDb.Ml.Training;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers;

/// <summary>The training program's pure parts: the trace format, the split by session and the evaluation's arithmetic.</summary>
public sealed class TierTrainingDataTests
{
    [Fact]
    public void A_trace_row_reads_back_to_the_same_features_in_the_schema_order()
    {
        var features = new TierFeatures { PgWire = 1, RatePerSecond = 123.456789f, P99Ms = 0.1f, LogStatements = (float)Math.Log(42) };
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, [TraceCsv.Header, TraceCsv.Row(features, "High", "pg-1", "oltp", Tier.High, DateTimeOffset.UnixEpoch)]);

            var row = Assert.Single(TraceRow.Read(path));

            Assert.Equal(TraceCsv.Values(features), TraceCsv.Values(row.Features));
            Assert.Equal(("High", "pg-1", "oltp"), (row.Features.Label, row.SessionId, row.Workload));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_trace_with_a_bad_number_is_refused_naming_the_column_and_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            var good = TraceCsv.Row(new TierFeatures(), "Low", "pg-1", "reporting", Tier.Low, DateTimeOffset.UnixEpoch);
            File.WriteAllLines(path, [TraceCsv.Header, good, "x" + good[1..]]);

            var error = Assert.Throws<FormatException>(() => TraceRow.Read(path));

            Assert.Contains("PgWire (line 3)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_split_keeps_every_session_on_one_side_and_holds_out_some_of_each_workload()
    {
        var rows = Enumerable.Range(0, 400).Select(i => new TraceRow(new TierFeatures { Label = "High" }, $"s{i % 40}", $"w{i % 4}")).ToList();

        var (train, test) = SessionSplit.Split(rows, 0.25, seed: 13);

        Assert.Empty(train.Select(r => r.SessionId).Intersect(test.Select(r => r.SessionId)));
        Assert.Equal(400, train.Count + test.Count);
        Assert.All(Enumerable.Range(0, 4), w => Assert.Contains(test, r => r.Workload == $"w{w}"));
        Assert.Equal(test.Select(r => r.SessionId), SessionSplit.Split(rows, 0.25, seed: 13).Test.Select(r => r.SessionId));
    }

    [Fact]
    public void The_evaluation_counts_precision_recall_and_the_confusion_matrix_per_tier()
    {
        (string, string)[] pairs = [("High", "High"), ("High", "Medium"), ("Medium", "Medium"), ("Low", "Low"), ("Background", "Low")];

        var (accuracy, macro, majority, perTier, confusion) = Evaluation.Score(pairs);

        Assert.Equal(0.6, accuracy, 6);
        Assert.Equal((0.5 + 1 + 1 + 0) / 4, macro, 6);
        Assert.Equal(0.4, majority, 6);
        Assert.Equal((0.5, 1.0), (perTier[2].Precision, perTier[2].Recall));
        Assert.Equal([1, 1, 0, 0], confusion.Counts[0]);
        Assert.Equal([0, 0, 1, 0], confusion.Counts[3]);
    }
}
