using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Telemetry;

/// <summary>Checks <see cref="TelemetryOptions"/> when the host starts; every failure names the setting.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var path = options.MetricsPath;
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/') || path.Length < 2 || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#'))
        {
            return ValidateOptionsResult.Fail(
                $"{TelemetryOptions.Setting(nameof(options.MetricsPath))} must be a path such as '{TelemetryOptions.DefaultMetricsPath}' (starting with '/', no spaces, '?' or '#'); it is '{path}'.");
        }

        return ValidateOptionsResult.Success;
    }
}
