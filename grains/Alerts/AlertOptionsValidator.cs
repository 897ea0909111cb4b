using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Alerts;

/// <summary>Checks <see cref="AlertOptions"/> at start-up; each failure names the setting and its value (never a secret's value).</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    /// <summary>The shortest accepted webhook secret.</summary>
    public const int MinSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = new List<string>();
        var section = AlertOptions.SectionName;
        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"{section}:QueueCapacity must be between 1 and 1000000; it is {options.QueueCapacity}.");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            errors.Add($"{section}:MaxAttempts must be between 1 and 20; it is {options.MaxAttempts}.");
        }

        if (options.InitialBackoff <= TimeSpan.Zero || options.InitialBackoff > TimeSpan.FromHours(1))
        {
            errors.Add($"{section}:InitialBackoff must be positive and at most 01:00:00; it is {options.InitialBackoff}.");
        }

        if (options.MaxBackoff < options.InitialBackoff || options.MaxBackoff > TimeSpan.FromHours(1))
        {
            errors.Add($"{section}:MaxBackoff must be at least InitialBackoff ({options.InitialBackoff}) and at most 01:00:00; it is {options.MaxBackoff}.");
        }

        if (options.EngineEventsInterval < TimeSpan.FromMilliseconds(100) || options.EngineEventsInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{section}:EngineEventsInterval must be between 00:00:00.1 and 00:01:00; it is {options.EngineEventsInterval}.");
        }

        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            Validate($"{section}:Webhooks:{i}", options.Webhooks[i], errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Validate(string prefix, WebhookOptions webhook, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(webhook.Url))
        {
            errors.Add($"{prefix}:Url is required.");
        }
        else if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{prefix}:Url must be an absolute http or https URL; it is '{webhook.Url}'.");
        }

        if (string.IsNullOrEmpty(webhook.Secret))
        {
            errors.Add($"{prefix}:Secret is required (at least {MinSecretLength} characters): it keys the X-DynDb-Signature of every alert.");
        }
        else if (webhook.Secret.Length < MinSecretLength)
        {
            errors.Add($"{prefix}:Secret is {webhook.Secret.Length} characters long; it must have at least {MinSecretLength}.");
        }

        if (webhook.TimeoutSeconds is < 1 or > 300)
        {
            errors.Add($"{prefix}:TimeoutSeconds must be between 1 and 300; it is {webhook.TimeoutSeconds}.");
        }

        for (var e = 0; e < webhook.Events.Count; e++)
        {
            if (!AlertEvents.Known.Contains(webhook.Events[e]))
            {
                errors.Add($"{prefix}:Events:{e} '{webhook.Events[e]}' is no alert event; use one of {string.Join(", ", AlertEvents.Known.Order(StringComparer.Ordinal))}.");
            }
        }
    }
}
