using Orleans.DynamicDb.Silo.Gateway;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>Gateway limits are checked at start, and every message names the setting.</summary>
public sealed class GatewayOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions()).Succeeded);

    [Fact]
    public void A_body_limit_or_margin_out_of_range_is_named()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { MaxRequestBodyBytes = 10, RequestTimeoutMargin = TimeSpan.FromSeconds(-1) });

        Assert.Contains("DynamicDb:Gateway:MaxRequestBodyBytes must be between 1024", result.FailureMessage);
        Assert.Contains("DynamicDb:Gateway:RequestTimeoutMargin must be between", result.FailureMessage);
    }
}
