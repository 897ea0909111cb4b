using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

public sealed class AdaptiveOptionsValidatorTests
{
    [Theory]
    [InlineData("AdaptiveTolerance", "DynamicDb:Tiers:Admission:AdaptiveTolerance must be between 0.01 and 10; it is 0.")]
    [InlineData("MinLowSlots", "DynamicDb:Tiers:Admission:MinLowSlots must be at least 1 and at most DynamicDb:Tiers:Admission:SlotsPerEngine − ReservedHigh (28); it is 29.")]
    [InlineData("MinLowSlotsZero", "DynamicDb:Tiers:Admission:MinLowSlots must be at least 1 and at most DynamicDb:Tiers:Admission:SlotsPerEngine − ReservedHigh (28); it is 0.")]
    [InlineData("AdaptInterval", "DynamicDb:Tiers:Admission:AdaptInterval must be between 00:00:00.0500000 and 00:01:00; it is 00:00:00.0100000.")]
    public void A_bad_adaptive_setting_is_refused_with_a_message_naming_it_and_its_value(string setting, string message)
    {
        var options = new TierAdmissionOptions();
        switch (setting)
        {
            case "AdaptiveTolerance": options.AdaptiveTolerance = 0; break;
            case "MinLowSlots": options.MinLowSlots = 29; break;
            case "MinLowSlotsZero": options.MinLowSlots = 0; break;
            case "AdaptInterval": options.AdaptInterval = TimeSpan.FromMilliseconds(10); break;
        }

        var result = new TierAdmissionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.Failures!);
    }
}
