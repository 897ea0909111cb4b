using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>Checks <see cref="GatewayOptions"/> when the host starts; every failure names the setting.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    /// <summary>The largest accepted <see cref="GatewayOptions.MaxRequestBodyBytes"/>: 1 GiB.</summary>
    public const long MaxBodyLimit = 1L << 30;

    /// <summary>The largest accepted <see cref="GatewayOptions.MaxResultRows"/>: 100 million.</summary>
    public const int MaxResultRowsLimit = 100_000_000;

    /// <summary>The largest accepted <see cref="GatewayOptions.MaxResultBytes"/>: 4 GiB.</summary>
    public const long MaxResultBytesLimit = 4L << 30;

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

        if (options.MaxResultRows is < 1 or > MaxResultRowsLimit)
        {
            failures.Add(
                $"{GatewayOptions.Setting(nameof(options.MaxResultRows))} must be between 1 and {MaxResultRowsLimit} rows; it is {options.MaxResultRows}.");
        }

        if (options.MaxResultBytes is < 1024 or > MaxResultBytesLimit)
        {
            failures.Add(
                $"{GatewayOptions.Setting(nameof(options.MaxResultBytes))} must be between 1024 and {MaxResultBytesLimit} bytes; it is {options.MaxResultBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
