namespace Orleans.DynamicDb.Switching;

/// <summary>
/// The exclusive turns of a database's engine switch, called by the database grain on itself (through its own reference)
/// from the switch's background task, so each runs as an ordinary non-interleaved grain request: running reads finish
/// first, writes and reads that arrive wait in the grain's queue until the turn ends. Not for other callers.
/// </summary>
[Alias("dyndb.IDatabaseSwitchGrain")]
public interface IDatabaseSwitchGrain : IGrainWithStringKey
{
    /// <summary>The cut-over of switch <paramref name="switchId"/> (or, with <paramref name="back"/>, the switch back); answers the turn's duration in ms.</summary>
    [ResponseTimeout("00:10:00")]
    Task<double> CutOverAsync(string switchId, bool back);

    /// <summary>
    /// Removes switch <paramref name="switchId"/>'s change capture from both sides while no statement of the database runs
    /// (dropping triggers under live tenant writes made one fail with "could not open relation with OID"); answers the
    /// turn's duration in ms.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<double> StopCaptureAsync(string switchId);
}
