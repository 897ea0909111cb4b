using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Switching;

/// <summary>Checks <see cref="SwitchingOptions"/> at start-up; each failure names the setting and its value.</summary>
internal sealed class SwitchingOptionsValidator : IValidateOptions<SwitchingOptions>
{
    private static readonly string[] HaltPhases = [SwitchPhases.Copying, SwitchPhases.CatchingUp, SwitchPhases.Switched];

    public ValidateOptionsResult Validate(string? name, SwitchingOptions options)
    {
        var errors = new List<string>();
        var section = SwitchingOptions.SectionName;
        if (options.CutOverLag is < 1 or > 1_000_000)
        {
            errors.Add($"{section}:CutOverLag must be from 1 to 1000000; it is {options.CutOverLag}.");
        }

        if (options.MaxCatchUpRounds is < 1 or > 1000)
        {
            errors.Add($"{section}:MaxCatchUpRounds must be from 1 to 1000; it is {options.MaxCatchUpRounds}.");
        }

        if (options.ApprovalTimeout < TimeSpan.FromMinutes(1) || options.ApprovalTimeout > TimeSpan.FromDays(7))
        {
            errors.Add($"{section}:ApprovalTimeout must be from 00:01:00 to 7.00:00:00; it is {options.ApprovalTimeout}.");
        }

        if (options.HaltAfterPhase is { } phase && !HaltPhases.Contains(phase))
        {
            errors.Add($"{section}:HaltAfterPhase '{phase}' is not one of {string.Join(", ", HaltPhases)} (or empty).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
