namespace Orleans.DynamicDb.Runtime;

/// <summary>One row of the reminder table.</summary>
public sealed record ReminderEntry
{
    public required GrainId GrainId { get; init; }

    public required string ReminderName { get; init; }

    /// <summary>The time of the first tick (UTC); later ticks fall at StartAt + n × Period.</summary>
    public required DateTime StartAt { get; init; }

    public required TimeSpan Period { get; init; }

    /// <summary>The row's version, set by the table.</summary>
    public string? ETag { get; init; }
}
