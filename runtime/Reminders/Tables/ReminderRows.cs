namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>Rules shared by the reminder tables: argument checks, UTC times and ring ranges.</summary>
internal static class ReminderRows
{
    /// <summary>
    /// True when <paramref name="hash"/> lies in the ring range (begin, end]: begin &lt; h ≤ end, or, when the range
    /// wraps (begin &gt; end), h &gt; begin or h ≤ end; begin == end is the whole ring.
    /// </summary>
    public static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end
        : begin > end ? hash > begin || hash <= end
        : true;

    /// <summary>A time as UTC; an unspecified kind is taken to be UTC already.</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    public static void Validate(GrainId grainId)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is the default value, which names no grain.", nameof(grainId));
        }
    }

    public static void Validate(GrainId grainId, string reminderName)
    {
        Validate(grainId);
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
    }

    public static void Validate(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Validate(entry.GrainId, entry.ReminderName);
    }
}
