using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>
/// What a valid <see cref="SwitchPolicy"/> is; shared by the start-up check of the settings and the admin endpoint, each
/// naming a field its own way (a setting, a JSON field).
/// </summary>
public static partial class SwitchPolicyRules
{
    /// <summary>The fields problems are reported on.</summary>
    public enum Field
    {
        Name,
        TriggerType,
        Threshold,
        ScaleDownThreshold,
        TargetEngine,
        Apps,
        Window,
    }

    /// <summary>The longest window.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// The problems of <paramref name="policy"/> (empty: valid), each a sentence starting with the field's name as
    /// <paramref name="nameOf"/> gives it and naming the bad value. <paramref name="engineIds"/> are the configured engines.
    /// </summary>
    public static IReadOnlyList<string> Validate(SwitchPolicy policy, IReadOnlyCollection<string> engineIds, Func<Field, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<string>();
        if (!IsName(policy.Name))
        {
            errors.Add($"{nameOf(Field.Name)} must be 1 to 64 letters, digits, '_', '-' or '.'; it is '{policy.Name}'.");
        }

        var performance = policy.TriggerType == SwitchTriggerTypes.Performance;
        if (!performance && policy.TriggerType != SwitchTriggerTypes.LoadBased)
        {
            errors.Add($"{nameOf(Field.TriggerType)} must be '{SwitchTriggerTypes.Performance}' or '{SwitchTriggerTypes.LoadBased}'; it is '{policy.TriggerType}'.");
        }
        else if (performance)
        {
            if (!(policy.ThresholdValue > 0 && policy.ThresholdValue <= 3_600_000))
            {
                errors.Add($"{nameOf(Field.Threshold)} (a p99 in milliseconds) must be above 0 and at most 3600000; it is {Show(policy.ThresholdValue)}.");
            }

            if (policy.ScaleDownThreshold is { } down)
            {
                errors.Add($"{nameOf(Field.ScaleDownThreshold)} applies to {SwitchTriggerTypes.LoadBased} policies only; this one is {SwitchTriggerTypes.Performance} and has {Show(down)}.");
            }
        }
        else
        {
            if (!(policy.ThresholdValue >= 1 && policy.ThresholdValue <= 1_000_000))
            {
                errors.Add($"{nameOf(Field.Threshold)} (requests in flight at once) must be between 1 and 1000000; it is {Show(policy.ThresholdValue)}.");
            }

            if (policy.ScaleDownThreshold is { } down && !(down >= 0 && down < policy.ThresholdValue))
            {
                errors.Add($"{nameOf(Field.ScaleDownThreshold)} must be at least 0 and below the threshold {Show(policy.ThresholdValue)}; it is {Show(down)}.");
            }
        }

        if (string.IsNullOrWhiteSpace(policy.TargetEngine))
        {
            errors.Add($"{nameOf(Field.TargetEngine)} is required: the engine databases move to ({string.Join(", ", engineIds)}).");
        }
        else if (!engineIds.Contains(policy.TargetEngine, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{nameOf(Field.TargetEngine)} '{policy.TargetEngine}' is no configured engine; the engines are: {string.Join(", ", engineIds)}.");
        }

        for (var i = 0; i < policy.Apps.Count; i++)
        {
            try
            {
                DatabaseName.ValidateApp(policy.Apps[i]);
            }
            catch (DynamicDbException e)
            {
                errors.Add($"{nameOf(Field.Apps)}[{i}] '{policy.Apps[i]}' is no app name: {e.Message}");
            }
        }

        if (policy.Window < TimeSpan.FromSeconds(1) || policy.Window > MaxWindow)
        {
            errors.Add($"{nameOf(Field.Window)} must be between 00:00:01 and 01:00:00; it is {policy.Window}.");
        }

        return errors;
    }

    /// <summary>Whether <paramref name="name"/> is a valid policy name.</summary>
    public static bool IsName(string? name) => name is not null && NamePattern().IsMatch(name);

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
