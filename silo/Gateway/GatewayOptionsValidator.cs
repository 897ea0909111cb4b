using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>Checks <see cref="GatewayOptions"/> when the host starts; every failure names the setting.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    /// <summary>The largest accepted <see cref="GatewayOptions.MaxRequestBodyBytes"/>: 1 GiB.</summary>
    public const long MaxBodyLimit = 1L << 30;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRequestBodyBytes is < 1024 or > MaxBodyLimit)
        {
            failures.Add(
                $"{GatewayOptions.Setting(nameof(options.MaxRequestBodyBytes))} must be between 1024 and {MaxBodyLimit} bytes; it is {options.MaxRequestBodyBytes}.");
        }

        if (options.RequestTimeoutMargin < TimeSpan.Zero || options.RequestTimeoutMargin > TimeSpan.FromMinutes(10))
        {
            failures.Add(
                $"{GatewayOptions.Setting(nameof(options.RequestTimeoutMargin))} must be between 00:00:00 and 00:10:00; it is {options.RequestTimeoutMargin}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
