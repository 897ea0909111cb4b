namespace Orleans.DynamicDb.Runtime;

/// <summary>
/// Durable storage for reminders. Rows are keyed by (grain id, reminder name) and carry the grain id's
/// <see cref="GrainId.GetUniformHashCode"/> so a silo can read the slice of the ring it owns.
/// </summary>
public interface IReminderTable
{
    /// <summary>Creates or upgrades the table; called once when the silo starts.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Every reminder of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRows(GrainId grainId);

    /// <summary>
    /// Reminders whose grain hash h lies in the ring range (begin, end]: begin &lt; h ≤ end when begin &lt; end,
    /// h &gt; begin or h ≤ end when begin &gt; end (the range wraps), and every row when begin == end.
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRows(uint begin, uint end);

    /// <summary>One reminder, or null.</summary>
    Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName);

    /// <summary>Inserts or replaces the row and returns its new etag.</summary>
    Task<string> UpsertRow(ReminderEntry entry);

    /// <summary>Deletes the row if its etag matches; false when it does not exist or changed.</summary>
    Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag);

    /// <summary>Deletes every row (tests only).</summary>
    Task TestOnlyClearTable();
}
