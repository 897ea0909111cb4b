namespace Orleans.DynamicDb.Runtime;

/// <summary>How a grain timer ticks.</summary>
public readonly struct GrainTimerCreationOptions
{
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>Time before the first tick. <see cref="Timeout.InfiniteTimeSpan"/> keeps the timer stopped.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Time between the end of one tick and the start of the next. <see cref="Timeout.InfiniteTimeSpan"/> ticks once.</summary>
    public TimeSpan Period { get; init; }

    /// <summary>The callback may interleave with other requests. Default: false (it waits its turn).</summary>
    public bool Interleave { get; init; }

    /// <summary>A tick counts as activity, keeping the grain from idle collection. Default: false.</summary>
    public bool KeepAlive { get; init; }
}
