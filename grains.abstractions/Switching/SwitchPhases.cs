namespace Orleans.DynamicDb.Switching;

/// <summary>The phases of a running switch, in order (<c>dyndb_switches.phase</c>); docs/switching.md describes each.</summary>
public static class SwitchPhases
{
    /// <summary>Checking the request, the target's health and whether every table can move (nothing touched yet).</summary>
    public const string Validating = "validating";

    /// <summary>Copying a consistent snapshot to the target while writes go on (and are captured).</summary>
    public const string Copying = "copying";

    /// <summary>Replaying the writes captured since the snapshot onto the target, in rounds.</summary>
    public const string CatchingUp = "catching_up";

    /// <summary>The cut-over turn: writes wait in the grain's queue while the last tail is applied.</summary>
    public const string Draining = "draining";

    /// <summary>The catalog says the database lives on the target (persisted together with the engine change).</summary>
    public const string Switched = "switched";

    /// <summary>Comparing row counts and checksums of the source and the target's snapshot at the switch.</summary>
    public const string PostValidating = "post_validating";

    /// <summary>Post-validation failed: moving back to the source (the same cut-over in reverse).</summary>
    public const string SwitchingBack = "switching_back";

    /// <summary>Finished (see the state).</summary>
    public const string Done = "done";
}
