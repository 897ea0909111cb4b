using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>Checks the runtime's settings at start-up; each failure names the setting and its bad value.</summary>
internal sealed class RuntimeOptionsValidator :
    IValidateOptions<GrainCollectionOptions>,
    IValidateOptions<MessagingOptions>,
    IValidateOptions<ReminderOptions>,
    IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var errors = new List<string>();
        Positive(errors, GrainCollectionOptions.SectionName, nameof(options.CollectionQuantum), options.CollectionQuantum);
        PositiveOrInfinite(errors, GrainCollectionOptions.SectionName, nameof(options.CollectionAge), options.CollectionAge);
        Positive(errors, GrainCollectionOptions.SectionName, nameof(options.ActivationTimeout), options.ActivationTimeout);
        Positive(errors, GrainCollectionOptions.SectionName, nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        foreach (var (type, age) in options.ClassSpecificCollectionAge)
        {
            PositiveOrInfinite(errors, GrainCollectionOptions.SectionName, $"{nameof(options.ClassSpecificCollectionAge)}:{type}", age);
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var errors = new List<string>();
        Positive(errors, MessagingOptions.SectionName, nameof(options.ResponseTimeout), options.ResponseTimeout);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var errors = new List<string>();
        Positive(errors, ReminderOptions.SectionName, nameof(options.MinimumReminderPeriod), options.MinimumReminderPeriod);
        Positive(errors, ReminderOptions.SectionName, nameof(options.RefreshReminderListPeriod), options.RefreshReminderListPeriod);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add($"{ClusterOptions.SectionName}:{nameof(options.ClusterId)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add($"{ClusterOptions.SectionName}:{nameof(options.ServiceId)} must not be empty.");
        }

        return Result(errors);
    }

    private static void Positive(List<string> errors, string section, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{section}:{setting} must be a positive time span, e.g. \"00:00:30\"; it is {value}.");
        }
    }

    private static void PositiveOrInfinite(List<string> errors, string section, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{section}:{setting} must be a positive time span, e.g. \"00:15:00\"; it is {value}.");
        }
    }

    private static ValidateOptionsResult Result(List<string> errors) => errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
