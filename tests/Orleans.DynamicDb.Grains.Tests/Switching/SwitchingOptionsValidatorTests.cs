using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>Switching settings are checked at start, and every message names the setting and its value.</summary>
public sealed class SwitchingOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new SwitchingOptions();

        Assert.Equal((500, 20, TimeSpan.FromHours(1), (string?)null), (options.CutOverLag, options.MaxCatchUpRounds, options.ApprovalTimeout, options.HaltAfterPhase));
        Assert.True(new SwitchingOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0, 20, "00:10:00", null, "DynamicDb:Switching:CutOverLag must be from 1 to 1000000; it is 0")]
    [InlineData(500, 1001, "00:10:00", null, "DynamicDb:Switching:MaxCatchUpRounds must be from 1 to 1000; it is 1001")]
    [InlineData(500, 20, "00:00:30", null, "DynamicDb:Switching:ApprovalTimeout must be from 00:01:00")]
    [InlineData(500, 20, "00:10:00", "post_validating", "DynamicDb:Switching:HaltAfterPhase 'post_validating' is not one of copying, catching_up, switched")]
    public void A_bad_setting_is_named_with_its_value(int lag, int rounds, string approval, string? halt, string message)
    {
        var options = new SwitchingOptions { CutOverLag = lag, MaxCatchUpRounds = rounds, ApprovalTimeout = TimeSpan.Parse(approval, System.Globalization.CultureInfo.InvariantCulture), HaltAfterPhase = halt };

        var result = new SwitchingOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }
}
