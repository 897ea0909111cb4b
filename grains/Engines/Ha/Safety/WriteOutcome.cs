namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>What the current primary says about an interrupted write's transaction (<c>txid_status</c>).</summary>
public enum WriteOutcome
{
    /// <summary>It committed: the write is done and must not run again.</summary>
    Committed,

    /// <summary>It did not commit ('aborted', or an id the primary never saw): running it again applies it once.</summary>
    NotCommitted,

    /// <summary>It cannot be known (no answer, NULL, still in progress after the wait).</summary>
    Unknown,
}
