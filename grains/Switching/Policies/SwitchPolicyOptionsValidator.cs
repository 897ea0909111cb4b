using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>Checks <see cref="SwitchPolicyOptions"/> at start-up; each failure names the setting and its value; a policy's target must be a configured engine.</summary>
internal sealed class SwitchPolicyOptionsValidator(IOptions<EngineRegistryOptions> engines) : IValidateOptions<SwitchPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, SwitchPolicyOptions options)
    {
        var errors = new List<string>();
        var section = SwitchPolicyOptions.SectionName;
        if (options.CooldownSeconds is < 0 or > 86_400)
        {
            errors.Add($"{section}:CooldownSeconds must be between 0 and 86400; it is {options.CooldownSeconds}.");
        }

        if (options.MaxSwitchesPerHour is < 1 or > 10_000)
        {
            errors.Add($"{section}:MaxSwitchesPerHour must be between 1 and 10000; it is {options.MaxSwitchesPerHour}.");
        }

        Range(errors, "ApprovalTimeout", options.ApprovalTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Range(errors, "EvaluationInterval", options.EvaluationInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(errors, "ReminderPeriod", options.ReminderPeriod, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var engineIds = engines.Value.Engines.Select(e => e.Id).ToArray();
        foreach (var (policyName, settings) in options.Policies)
        {
            var prefix = $"{section}:Policies:{policyName}";
            var loadBased = settings.TriggerType == SwitchTriggerTypes.LoadBased;
            if (settings.TriggerType == SwitchTriggerTypes.Performance && settings.TriggerThresholdMs is null)
            {
                errors.Add($"{prefix}:TriggerThresholdMs is required for a {SwitchTriggerTypes.Performance} policy.");
                continue;
            }

            if (loadBased && settings.MaxConnectionsThreshold is null)
            {
                errors.Add($"{prefix}:MaxConnectionsThreshold is required for a {SwitchTriggerTypes.LoadBased} policy.");
                continue;
            }

            errors.AddRange(SwitchPolicyRules.Validate(settings.ToPolicy(policyName), engineIds, field => field switch
            {
                SwitchPolicyRules.Field.Name => $"{prefix} (the policy's name)",
                SwitchPolicyRules.Field.TriggerType => $"{prefix}:TriggerType",
                SwitchPolicyRules.Field.Threshold => loadBased ? $"{prefix}:MaxConnectionsThreshold" : $"{prefix}:TriggerThresholdMs",
                SwitchPolicyRules.Field.ScaleDownThreshold => $"{prefix}:ScaleDownThreshold",
                SwitchPolicyRules.Field.TargetEngine => $"{prefix}:TargetEngine",
                SwitchPolicyRules.Field.Apps => $"{prefix}:Apps",
                _ => $"{prefix}:Window",
            }));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{SwitchPolicyOptions.SectionName}:{setting} must be between {min} and {max}; it is {value}.");
        }
    }
}
