using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

public sealed class TierAdmissionOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new TierAdmissionOptionsValidator().Validate(null, new TierAdmissionOptions()).Succeeded);
    }

    [Theory]
    [InlineData("SlotsPerEngine", "DynamicDb:Tiers:Admission:SlotsPerEngine must be between 1 and 4000; it is 0.")]
    [InlineData("ReservedHigh", "DynamicDb:Tiers:Admission:ReservedHigh must be at least 0 and less than DynamicDb:Tiers:Admission:SlotsPerEngine (32); it is 32.")]
    [InlineData("BackgroundMaxSlots", "DynamicDb:Tiers:Admission:BackgroundMaxSlots must be at least 1 (a cap at or above DynamicDb:Tiers:Admission:SlotsPerEngine never throttles); it is 0.")]
    [InlineData("QueueTimeout", "DynamicDb:Tiers:Admission:QueueTimeout must be positive and at most 00:05:00; it is 00:00:00.")]
    [InlineData("Weights", "DynamicDb:Tiers:Admission:Weights:Low must be between 1 and 1000; it is 0.")]
    [InlineData("QueueLimit", "DynamicDb:Tiers:Admission:QueueLimit:Background must be between 0 and 10000; it is -1.")]
    public void A_bad_setting_is_refused_with_a_message_naming_it_and_its_value(string setting, string message)
    {
        var options = new TierAdmissionOptions();
        switch (setting)
        {
            case "SlotsPerEngine": options.SlotsPerEngine = 0; break;
            case "ReservedHigh": options.ReservedHigh = 32; break;
            case "BackgroundMaxSlots": options.BackgroundMaxSlots = 0; break;
            case "QueueTimeout": options.QueueTimeout = TimeSpan.Zero; break;
            case "Weights": options.Weights.Low = 0; break;
            case "QueueLimit": options.QueueLimit.Background = -1; break;
        }

        var result = new TierAdmissionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.Failures!);
    }
}
