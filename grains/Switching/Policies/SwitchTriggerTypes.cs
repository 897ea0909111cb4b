namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>What makes a switching policy move a database.</summary>
public static class SwitchTriggerTypes
{
    /// <summary>The database's statement p99 over the policy's window exceeds the threshold (milliseconds).</summary>
    public const string Performance = "performance";

    /// <summary>
    /// The most statement calls in flight plus open cursors at once in the window exceeds the threshold: move out; below
    /// the scale-down threshold: move back to the engine it came from.
    /// </summary>
    public const string LoadBased = "load_based";
}
