using System.Globalization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>What a policy decides for one database from its load: move it (where, why) or leave it. Pure logic.</summary>
/// <param name="TargetEngine">Where it should go.</param>
/// <param name="Reason">Why, with the measured values.</param>
/// <param name="Back">Whether this moves it back where a load-based policy took it from.</param>
public sealed record PolicyTrigger(string TargetEngine, string Reason, bool Back)
{
    /// <summary>
    /// The trigger for a database on engine <paramref name="engine"/> with <paramref name="load"/>, or
    /// null. <paramref name="movedOut"/> is the policy's record of having moved it out (load-based scale-down).
    /// </summary>
    public static PolicyTrigger? Decide(SwitchPolicy policy, string engine, DatabaseLoad load, MovedDatabase? movedOut)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(load);
        var onTarget = string.Equals(engine, policy.TargetEngine, StringComparison.OrdinalIgnoreCase);
        var window = load.Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        if (policy.TriggerType == SwitchTriggerTypes.Performance)
        {
            return !onTarget && load.P99Ms is { } p99 && p99 > policy.ThresholdValue
                ? new PolicyTrigger(policy.TargetEngine, Invariant($"p99 {p99} ms over {window} s ({load.Statements} statements) is above {policy.ThresholdValue} ms"), Back: false)
                : null;
        }

        if (!onTarget && load.MaxConcurrent > policy.ThresholdValue)
        {
            return new PolicyTrigger(policy.TargetEngine, Invariant($"{load.MaxConcurrent} requests in flight at once over {window} s is above {policy.ThresholdValue}"), Back: false);
        }

        if (onTarget && movedOut is not null && policy.ScaleDownThreshold is { } down && load.MaxConcurrent < down)
        {
            return new PolicyTrigger(movedOut.FromEngine, Invariant($"at most {load.MaxConcurrent} requests in flight at once over {window} s is below {down}: back to '{movedOut.FromEngine}'"), Back: true);
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
