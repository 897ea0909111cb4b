namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>
/// Which slice of the reminder table this silo owns: ranges (begin, end] of grain hashes, in IReminderTable.ReadRows
/// form. A single silo owns everything; in a cluster the slices come from the consistent ring of active silos.
/// </summary>
internal interface IReminderRanges
{
    IReadOnlyList<(uint Begin, uint End)> Owned { get; }

    /// <summary>Raised when <see cref="Owned"/> changed (a silo joined or left).</summary>
    event Action? Changed;
}

/// <summary>The single-silo case: the whole table.</summary>
internal sealed class WholeTableReminderRanges : IReminderRanges
{
    public IReadOnlyList<(uint Begin, uint End)> Owned { get; } = [(0u, 0u)];

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
