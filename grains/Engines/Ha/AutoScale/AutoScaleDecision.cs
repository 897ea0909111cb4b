namespace Orleans.DynamicDb.Engines.Ha.AutoScale;

/// <summary>What the auto-scaler decided from one load sample.</summary>
public enum AutoScaleDirection
{
    /// <summary>Nothing to change.</summary>
    None,

    /// <summary>Add a hot standby.</summary>
    Up,

    /// <summary>Remove the most recently auto-added standby.</summary>
    Down,
}

/// <summary>One decision with the reason an operator reads (audit log, engine events, alert).</summary>
/// <param name="Direction">Up, Down or None.</param>
/// <param name="Reason">A sentence: the load, the threshold and for how long it held.</param>
public sealed record AutoScaleDecision(AutoScaleDirection Direction, string Reason)
{
    /// <summary>Nothing to change.</summary>
    public static AutoScaleDecision None { get; } = new(AutoScaleDirection.None, "");
}
