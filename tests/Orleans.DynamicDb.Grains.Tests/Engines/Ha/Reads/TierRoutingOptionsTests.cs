using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha.Reads;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Reads;

/// <summary>The <c>DynamicDb:Tiers:Routing</c> settings: bound from configuration, and a bad one stops the start naming it.</summary>
public sealed class TierRoutingOptionsTests
{
    [Theory]
    [InlineData("MaxStandbyLag", "00:00:00", "DynamicDb:Tiers:Routing:MaxStandbyLag: must be more than 0")]
    [InlineData("MaxStandbyLag", "01:00:00", "DynamicDb:Tiers:Routing:MaxStandbyLag: must be more than 0 and at most 00:10:00, not 01:00:00")]
    [InlineData("LagPollInterval", "00:00:02", "DynamicDb:Tiers:Routing:LagPollInterval: must be at least 10 ms and shorter than MaxStandbyLag (00:00:01), not 00:00:02")]
    [InlineData("MediumPrimaryInFlight", "-1", "DynamicDb:Tiers:Routing:MediumPrimaryInFlight: must not be negative, not -1")]
    [InlineData("MaxTrackedSessions", "5", "DynamicDb:Tiers:Routing:MaxTrackedSessions: must be at least 100, not 5")]
    public void A_bad_setting_fails_the_start_naming_it(string key, string value, string message)
    {
        using var services = Services(new() { [$"DynamicDb:Tiers:Routing:{key}"] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(failure.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_are_bound_from_configuration_with_documented_defaults()
    {
        using var services = Services(new() { ["DynamicDb:Tiers:Routing:MaxStandbyLag"] = "00:00:02", ["DynamicDb:Tiers:Routing:Enabled"] = "false" });

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<TierRoutingOptions>>().Value;

        Assert.Equal((false, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200), 16, 100_000),
            (options.Enabled, options.MaxStandbyLag, options.LagPollInterval, options.MediumPrimaryInFlight, options.MaxTrackedSessions));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddDynamicDbEngines(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
}
