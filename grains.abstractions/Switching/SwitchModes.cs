namespace Orleans.DynamicDb.Switching;

/// <summary>The switch modes (<see cref="SwitchRequest.Mode"/>).</summary>
public static class SwitchModes
{
    /// <summary>Copy while serving, catch up, then a short write pause for the cut-over. The only mode.</summary>
    public const string Graceful = "graceful";
}
