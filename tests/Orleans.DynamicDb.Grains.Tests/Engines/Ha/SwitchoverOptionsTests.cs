using Microsoft.Extensions.Configuration;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

public sealed class SwitchoverOptionsTests
{
    [Fact]
    public void The_defaults_are_the_former_constants_and_valid()
    {
        var engine = EngineOptions.EmbeddedDefault();

        Assert.Empty(EngineOptionsValidator.Validate([engine]));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200)),
            (engine.Switchover.DrainTimeout, engine.Switchover.CatchUpTimeout, engine.Switchover.ReopenBudget));
    }

    [Fact]
    public void Switchover_settings_are_bound_from_the_engines_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "ha",
            ["DynamicDb:Engines:0:Switchover:DrainTimeout"] = "00:00:02",
            ["DynamicDb:Engines:0:Switchover:CatchUpTimeout"] = "00:00:00.500",
            ["DynamicDb:Engines:0:Switchover:ReopenBudget"] = "00:00:00",
        }).Build();

        var options = new EngineRegistryOptions();
        configuration.GetSection(EngineRegistryOptions.SectionName).Bind(options.Engines);

        var switchover = options.Engines.Single().Switchover;
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), TimeSpan.Zero),
            (switchover.DrainTimeout, switchover.CatchUpTimeout, switchover.ReopenBudget));
    }

    [Fact]
    public void Every_bad_switchover_setting_is_named_with_its_value()
    {
        var engine = EngineOptions.EmbeddedDefault();
        engine.Switchover.DrainTimeout = TimeSpan.Zero;
        engine.Switchover.CatchUpTimeout = TimeSpan.FromMinutes(2);
        engine.Switchover.ReopenBudget = TimeSpan.FromSeconds(-1);

        Assert.Equal(
        [
            "DynamicDb:Engines:0:Switchover:DrainTimeout: must be more than 0 and at most 1 minute, not 00:00:00.",
            "DynamicDb:Engines:0:Switchover:CatchUpTimeout: must be more than 0 and at most 1 minute, not 00:02:00.",
            "DynamicDb:Engines:0:Switchover:ReopenBudget: must be between 0 and 10 seconds, not -00:00:01.",
        ], EngineOptionsValidator.Validate([engine]));
    }
}
