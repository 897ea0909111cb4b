using Microsoft.Extensions.Configuration;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Safety;

public sealed class FailoverOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_the_seeds_and_valid()
    {
        var engine = EngineOptions.EmbeddedDefault();

        Assert.Empty(EngineOptionsValidator.Validate([engine]));
        Assert.Equal((3, TimeSpan.FromSeconds(1)), (engine.Failover.Attempts, engine.Failover.Delay));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), (engine.Failover.SyncStandbyTimeout, engine.Failover.OutcomeWait));
    }

    [Fact]
    public void Failover_settings_are_bound_from_the_engines_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "ha",
            ["DynamicDb:Engines:0:Failover:Attempts"] = "5",
            ["DynamicDb:Engines:0:Failover:Delay"] = "00:00:00.250",
            ["DynamicDb:Engines:0:Failover:SyncStandbyTimeout"] = "00:00:03",
        }).Build();

        var options = new EngineRegistryOptions();
        configuration.GetSection(EngineRegistryOptions.SectionName).Bind(options.Engines);

        var failover = options.Engines.Single().Failover;
        Assert.Equal((5, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3)), (failover.Attempts, failover.Delay, failover.SyncStandbyTimeout));
    }

    [Fact]
    public void Every_bad_failover_setting_is_named_with_its_value()
    {
        var engine = EngineOptions.EmbeddedDefault();
        engine.Failover.Attempts = 0;
        engine.Failover.Delay = TimeSpan.FromMinutes(2);
        engine.Failover.SyncStandbyTimeout = TimeSpan.FromSeconds(-1);
        engine.Failover.OutcomeWait = TimeSpan.FromSeconds(-2);

        Assert.Equal(
        [
            "DynamicDb:Engines:0:Failover:Attempts: must be between 1 (no retry) and 10, not 0.",
            "DynamicDb:Engines:0:Failover:Delay: must be between 0 and 1 minute, not 00:02:00.",
            "DynamicDb:Engines:0:Failover:SyncStandbyTimeout: must not be negative (0 waits without limit), not -00:00:01.",
            "DynamicDb:Engines:0:Failover:OutcomeWait: must not be negative, not -00:00:02.",
        ], EngineOptionsValidator.Validate([engine]));
    }
}
