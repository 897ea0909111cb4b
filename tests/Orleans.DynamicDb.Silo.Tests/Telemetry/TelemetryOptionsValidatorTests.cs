using Orleans.DynamicDb.Silo.Telemetry;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry;

public sealed class TelemetryOptionsValidatorTests
{
    [Theory]
    [InlineData("metrics")]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/met rics")]
    [InlineData("/metrics?x=1")]
    public void A_metrics_path_that_is_not_a_plain_absolute_path_is_refused_naming_the_setting(string path)
    {
        var result = new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { MetricsPath = path });

        Assert.True(result.Failed);
        Assert.Contains("DynamicDb:Telemetry:MetricsPath", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions()).Succeeded);
    }
}
