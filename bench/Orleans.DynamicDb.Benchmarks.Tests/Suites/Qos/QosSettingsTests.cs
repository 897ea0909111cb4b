using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Suites.Qos;

namespace Orleans.DynamicDb.Benchmarks.Tests.Suites.Qos;

public sealed class QosSettingsTests
{
    [Fact]
    public void The_load_is_the_load_factor_times_the_slots_two_thirds_low_one_third_background()
    {
        var settings = new QosSettings(20, 4, 25, LoadFactor: 5, Slots: 4, 2, 1, 10);

        Assert.Equal((14, 6), settings.LoadClients());
    }

    [Fact]
    public void A_knob_that_is_not_a_positive_number_is_refused_naming_the_variable_and_the_value()
    {
        Environment.SetEnvironmentVariable("DYNDB_BENCH_QOS_SLOTS", "four");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => QosSettings.FromEnvironment(quick: false));
            Assert.Contains("DYNDB_BENCH_QOS_SLOTS", error.Message, StringComparison.Ordinal);
            Assert.Contains("'four'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DYNDB_BENCH_QOS_SLOTS", null);
        }
    }

    [Fact]
    public void The_summary_says_the_p99_goal_is_missed_when_the_loaded_p99_is_above_one_and_a_half_times_alone()
    {
        var alone = Run("alone", 10);
        var within = Run("on", 14);
        var beyond = Run("on", 16);
        var settings = new QosSettings(20, 4, 25, 5, 4, 2, 1, 10);

        Assert.Contains("1.5 × alone: **met**", QosRun.Summary(settings, 14, 6, 100, 20, alone, within, beyond), StringComparison.Ordinal);
        Assert.Contains("1.5 × alone: **missed**", QosRun.Summary(settings, 14, 6, 100, 20, alone, beyond, within), StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_says_the_rejection_goal_is_missed_when_a_high_statement_was_refused()
    {
        var alone = Run("alone", 10);
        var on = Run("on", 10);
        on.High.Add(QosOutcome.Rejected, 0);

        Assert.Contains("0 High rejections: **missed** (1 rejected", QosRun.Summary(new QosSettings(20, 4, 25, 5, 4, 2, 1, 10), 14, 6, 100, 20, alone, on, on), StringComparison.Ordinal);
    }

    private static QosRun Run(string name, int milliseconds)
    {
        var run = new QosRun(name) { Seconds = 1 };
        var ticks = Stopwatch.Frequency * milliseconds / 1000;
        for (var i = 0; i < 100; i++)
        {
            run.High.Add(QosOutcome.Ok, ticks);
            run.Low.Add(QosOutcome.Ok, ticks);
        }

        return run;
    }
}
