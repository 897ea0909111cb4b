using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Sessions;

/// <summary>Validates <see cref="SessionOptions"/> at start-up; each failure names the setting and its value.</summary>
internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        List<string> failures = [];
        Check(options.RetainClosedFor, nameof(SessionOptions.RetainClosedFor), TimeSpan.Zero, TimeSpan.FromDays(1));
        Check(options.ReportInterval, nameof(SessionOptions.ReportInterval), TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Check(options.KeepAliveInterval, nameof(SessionOptions.KeepAliveInterval), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(options.RateWindow, nameof(SessionOptions.RateWindow), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(options.HttpIdleTimeout, nameof(SessionOptions.HttpIdleTimeout), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (failures.Count == 0 && options.KeepAliveInterval < options.ReportInterval)
        {
            failures.Add($"{SessionOptions.Setting(nameof(SessionOptions.KeepAliveInterval))} ({options.KeepAliveInterval}) must not be shorter than {SessionOptions.Setting(nameof(SessionOptions.ReportInterval))} ({options.ReportInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(TimeSpan value, string property, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                failures.Add($"{SessionOptions.Setting(property)} must be between {min} and {max}; it is {value}.");
            }
        }
    }
}
