namespace Orleans.DynamicDb.Runtime;

/// <summary>A timer owned by one activation; disposed with it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next ticks and its period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
