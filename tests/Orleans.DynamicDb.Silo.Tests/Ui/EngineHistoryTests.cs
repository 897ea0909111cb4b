using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Ui;

namespace Orleans.DynamicDb.Silo.Tests.Ui;

/// <summary>The bounded ring of engine samples behind the dashboard's plots.</summary>
public sealed class EngineHistoryTests
{
    [Fact]
    public void Each_engine_keeps_only_its_latest_samples_oldest_first()
    {
        var history = new EngineHistory(Options.Create(new UiOptions { SamplesKept = 10 }));
        var start = DateTimeOffset.UnixEpoch;

        for (var i = 0; i < 25; i++)
        {
            history.Add("pg", new EngineSample(start.AddSeconds(i), "Healthy", "Closed", i, i, 0));
        }

        history.Add("sqlite", new EngineSample(start, "Healthy", "Closed", null, null, 0));
        var snapshot = history.Snapshot();

        Assert.Equal(["pg", "sqlite"], snapshot.Keys);
        Assert.Equal(Enumerable.Range(15, 10).Select(i => (double?)i), snapshot["pg"].Select(s => s.P50));
        Assert.Single(snapshot["sqlite"]);
    }
}
