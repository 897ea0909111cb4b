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

    [Theory]
    [InlineData(0, 67108864L, "DynamicDb:Gateway:MaxResultRows must be between 1 and 100000000 rows; it is 0.")]
    [InlineData(100_000_001, 67108864L, "DynamicDb:Gateway:MaxResultRows must be between 1 and 100000000 rows; it is 100000001.")]
    [InlineData(100_000, 1023L, "DynamicDb:Gateway:MaxResultBytes must be between 1024 and 4294967296 bytes; it is 1023.")]
    [InlineData(100_000, 4294967297L, "DynamicDb:Gateway:MaxResultBytes must be between 1024 and 4294967296 bytes; it is 4294967297.")]
    public void A_result_cap_out_of_range_is_named(int rows, long bytes, string expected)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { MaxResultRows = rows, MaxResultBytes = bytes });

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_caps_default_to_100000_rows_and_64_MiB()
    {
        var options = new GatewayOptions();

        Assert.Equal(100_000, options.MaxResultRows);
        Assert.Equal(67_108_864, options.MaxResultBytes);
    }

    [Fact]
    public async Task A_silo_with_a_bad_result_cap_does_not_start_and_names_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var silo = await Infrastructure.GatewaySilo.StartAsync(["--DynamicDb:Gateway:MaxResultRows", "0"]);
        });

        Assert.Contains("DynamicDb:Gateway:MaxResultRows", error.Message, StringComparison.Ordinal);
    }
}
