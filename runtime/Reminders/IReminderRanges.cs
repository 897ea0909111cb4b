namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>
/// Which slice of the reminder table this silo owns: ranges (begin, end] of grain hashes, in IReminderTable.ReadRows
/// form. A single silo owns everything; in a cluster the slices come from the consistent ring of active silos.
/// </summary>
internal interface IReminderRanges
{
    IReadOnlyList<(uint Begin, uint End)> Owned { get; }

    /// <summary>Raised when <see cref="Owned"/> changed (a silo joined or left), or when another silo wrote a reminder this silo owns.</summary>
    event Action? Changed;

    /// <summary>Tells the silo that owns <paramref name="grainId"/>'s reminders to re-read them (after this silo wrote one).</summary>
    Task NotifyOwnerAsync(GrainId grainId);
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

    public Task NotifyOwnerAsync(GrainId grainId) => Task.CompletedTask;
}
