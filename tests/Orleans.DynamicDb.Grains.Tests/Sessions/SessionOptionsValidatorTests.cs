using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Grains.Tests.Sessions;

/// <summary>Session settings are checked at start-up, each failure naming the setting and its value.</summary>
public sealed class SessionOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new SessionOptionsValidator().Validate(null, new SessionOptions()).Succeeded);
    }

    [Fact]
    public void A_negative_tail_is_refused_naming_the_setting_and_value()
    {
        var result = new SessionOptionsValidator().Validate(null, new SessionOptions { RetainClosedFor = TimeSpan.FromSeconds(-1) });

        Assert.True(result.Failed);
        Assert.Contains("DynamicDb:Sessions:RetainClosedFor", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("-00:00:01", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keep_alive_shorter_than_the_report_interval_is_refused()
    {
        var result = new SessionOptionsValidator().Validate(null, new SessionOptions { ReportInterval = TimeSpan.FromSeconds(30), KeepAliveInterval = TimeSpan.FromSeconds(10) });

        Assert.True(result.Failed);
        Assert.Contains("DynamicDb:Sessions:KeepAliveInterval", result.FailureMessage, StringComparison.Ordinal);
    }
}
