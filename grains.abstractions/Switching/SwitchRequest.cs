namespace Orleans.DynamicDb.Switching;

/// <summary>
/// A request to move a database to another engine (<see cref="Databases.IDatabaseGrain.SwitchEngineAsync"/>; the admin
/// API's <c>POST /v1/admin/databases/{app}/{database}/switch</c>).
/// </summary>
/// <param name="TargetEngine">The id of the engine to move to; it must be configured and differ from the current one.</param>
/// <param name="Mode"><see cref="SwitchModes.Graceful"/>, the only mode; any other value is refused naming it.</param>
/// <param name="TimeoutSeconds">The bound of everything before the cut-over (validation, copy, catch-up), 1–3600. Default 30.</param>
/// <param name="ValidateTarget">Whether the target's health (Healthy, circuit Closed) is checked first. Default true.</param>
/// <param name="RollbackOnFailure">
/// Whether a failure moves the target's copy aside (before the cut-over) or switches back (after it). Default true.
/// </param>
/// <param name="RequestedBy">Who asked: a credential id (an admin key's id, a policy's name), never a secret.</param>
/// <param name="Policy">The switching policy that asked, null for a manual switch.</param>
/// <param name="SwitchId">Null for a new switch; the id of an approved pending request to run it.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SwitchRequest")]
public sealed record SwitchRequest(
    string TargetEngine,
    string Mode = SwitchModes.Graceful,
    int TimeoutSeconds = SwitchRequest.DefaultTimeoutSeconds,
    bool ValidateTarget = true,
    bool RollbackOnFailure = true,
    string? RequestedBy = null,
    string? Policy = null,
    string? SwitchId = null)
{
    /// <summary>The default of <see cref="TimeoutSeconds"/>.</summary>
    public const int DefaultTimeoutSeconds = 30;

    /// <summary>The largest <see cref="TimeoutSeconds"/>.</summary>
    public const int MaxTimeoutSeconds = 3600;

    /// <summary>The problem with this request (naming the field and its value), or null when it is well formed.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(TargetEngine))
        {
            return "'target_engine' is required: the id of a configured engine.";
        }

        if (!string.Equals(Mode, SwitchModes.Graceful, StringComparison.Ordinal))
        {
            return $"'switch_mode' '{Shown(Mode)}' is not supported; the only mode is '{SwitchModes.Graceful}'.";
        }

        if (TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            return $"'timeout_seconds' must be from 1 to {MaxTimeoutSeconds} (default {DefaultTimeoutSeconds}); it is {TimeoutSeconds}.";
        }

        return null;
    }

    private static string Shown(string? text) => text is null ? "null" : text.Length <= 40 ? text : text[..40] + "...";
}
