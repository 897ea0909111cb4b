using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

public sealed class EngineHealthOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_the_seeds_and_valid()
    {
        var engine = EngineOptions.EmbeddedDefault();

        Assert.Empty(EngineOptionsValidator.Validate([engine]));
        Assert.Equal(TimeSpan.FromSeconds(10), engine.Health.HealthCheckInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), engine.Health.HealthCheckTimeout);
        Assert.Equal(3, engine.Health.HealthCheckProbes);
        Assert.Equal(TimeSpan.FromSeconds(1), engine.Health.HealthCheckProbesDelay);
        Assert.Equal("all", engine.Health.Policy);
        Assert.Equal(1.0, engine.Health.Weight);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), engine.Health.PerformanceThreshold);
        Assert.Equal(TimeSpan.FromSeconds(30), engine.Health.GracePeriod);
        Assert.Equal(5, engine.Health.MinNumFailures);
        Assert.Equal(0.5, engine.Health.FailureRateThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), engine.Health.FailuresDetectionWindow);
    }

    [Fact]
    public void Every_bad_health_setting_is_named_with_its_value()
    {
        var engine = EngineOptions.EmbeddedDefault();
        engine.Health.HealthCheckInterval = TimeSpan.Zero;
        engine.Health.HealthCheckTimeout = TimeSpan.FromSeconds(-1);
        engine.Health.HealthCheckProbes = 0;
        engine.Health.HealthCheckProbesDelay = TimeSpan.FromSeconds(-2);
        engine.Health.Policy = "most";
        engine.Health.Weight = -1;
        engine.Health.PerformanceThreshold = TimeSpan.Zero;
        engine.Health.GracePeriod = TimeSpan.Zero;
        engine.Health.MinNumFailures = 0;
        engine.Health.FailureRateThreshold = 1.5;
        engine.Health.FailuresDetectionWindow = TimeSpan.Zero;
        engine.Health.MinFreeSpaceBytes = -1;
        engine.Health.QuickCheckMaxBytes = -2;

        var failures = EngineOptionsValidator.Validate([engine]);

        Assert.Equal(
        [
            "DynamicDb:Engines:0:Health:HealthCheckInterval: must be positive, not 00:00:00.",
            "DynamicDb:Engines:0:Health:HealthCheckTimeout: must be positive, not -00:00:01.",
            "DynamicDb:Engines:0:Health:GracePeriod: must be positive, not 00:00:00.",
            "DynamicDb:Engines:0:Health:PerformanceThreshold: must be positive, not 00:00:00.",
            "DynamicDb:Engines:0:Health:FailuresDetectionWindow: must be positive, not 00:00:00.",
            "DynamicDb:Engines:0:Health:HealthCheckProbesDelay: must not be negative, not -00:00:02.",
            "DynamicDb:Engines:0:Health:HealthCheckProbes: must be between 1 and 100, not 0.",
            "DynamicDb:Engines:0:Health:Policy: 'most' is not a probe policy; use all, any or majority.",
            "DynamicDb:Engines:0:Health:Weight: must be between 0 and 1000, not -1.",
            "DynamicDb:Engines:0:Health:MinNumFailures: must be at least 1, not 0.",
            "DynamicDb:Engines:0:Health:FailureRateThreshold: must be above 0 and at most 1, not 1.5.",
            "DynamicDb:Engines:0:Health:MinFreeSpaceBytes: must not be negative, not -1.",
            "DynamicDb:Engines:0:Health:QuickCheckMaxBytes: must not be negative, not -2.",
        ], failures);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("Any")]
    [InlineData("MAJORITY")]
    public void Policies_are_accepted_in_any_case(string policy)
    {
        var engine = EngineOptions.EmbeddedDefault();
        engine.Health.Policy = policy;
        Assert.Empty(EngineOptionsValidator.Validate([engine]));
    }
}
