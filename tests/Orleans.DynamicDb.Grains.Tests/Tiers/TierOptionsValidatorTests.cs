using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers;

/// <summary>Tier settings are checked at start-up, each failure naming the setting (and the model's path).</summary>
public sealed class TierOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid_without_a_model_file_beside_the_binaries()
    {
        Assert.True(Validate(new TierOptions()).Succeeded);
    }

    [Fact]
    public void A_rule_with_an_unknown_tier_is_refused_naming_its_key_and_value()
    {
        var result = Validate(new TierOptions
        {
            Rules = [new() { App = "a", Tier = "High" }, new() { App = "b", Tier = "Low" }, new() { App = "c", Tier = "Urgent" }],
        });

        Assert.True(result.Failed);
        Assert.Contains("DynamicDb:Tiers:Rules:2:Tier", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'Urgent'", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Rules:1", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2")]
    public void A_rule_without_a_tier_or_with_a_number_is_refused(string? tier)
    {
        var result = Validate(new TierOptions { Rules = [new() { App = "a", Tier = tier }] });

        Assert.Contains("DynamicDb:Tiers:Rules:0:Tier", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_matches_nothing_in_particular_is_refused_naming_its_key()
    {
        var result = Validate(new TierOptions { Rules = [new() { Tier = "High" }] });

        Assert.True(result.Failed);
        Assert.Contains("DynamicDb:Tiers:Rules:0 matches every session", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_model_path_that_is_missing_is_refused_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}", "tier-model.zip");

        var result = Validate(new TierOptions { ModelPath = path });

        Assert.True(result.Failed);
        Assert.Contains("DynamicDb:Tiers:ModelPath", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(path, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_model_path_that_is_no_model_is_refused_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dyndb-bad-model-{Guid.NewGuid():N}.zip");
        File.WriteAllText(path, "not a zip");
        try
        {
            var result = Validate(new TierOptions { ModelPath = path });

            Assert.True(result.Failed);
            Assert.Contains($"DynamicDb:Tiers:ModelPath is '{path}', which could not be loaded", result.FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_configured_model_that_loads_is_valid()
    {
        Assert.True(Validate(new TierOptions { ModelPath = TinyTierModel.Path }).Succeeded);
    }

    [Theory]
    [InlineData("SwitchMargin")]
    [InlineData("RescoreInterval")]
    [InlineData("MinDwell")]
    public void Hysteresis_settings_out_of_range_are_refused_naming_the_setting(string setting)
    {
        var options = new TierOptions();
        _ = setting switch
        {
            "SwitchMargin" => options.SwitchMargin = 1.5,
            "RescoreInterval" => (options.RescoreInterval = TimeSpan.Zero).TotalSeconds,
            _ => (options.MinDwell = TimeSpan.FromSeconds(-1)).TotalSeconds,
        };

        Assert.Contains($"DynamicDb:Tiers:{setting}", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(TierOptions options) =>
        new TierOptionsValidator(new TierModelSource(NullLogger<TierModelSource>.Instance)).Validate(null, options);
}
