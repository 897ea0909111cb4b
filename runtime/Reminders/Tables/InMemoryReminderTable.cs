using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>A reminder table in this process's memory, for tests and development: lost when the process ends. Thread-safe.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Dictionary<(GrainId GrainId, string ReminderName), ReminderEntry> _rows = [];
    private readonly Lock _lock = new();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<ReminderEntry>> ReadRows(GrainId grainId)
    {
        ReminderRows.Validate(grainId);
        return Task.FromResult(Select(row => row.GrainId == grainId));
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRows(uint begin, uint end) =>
        Task.FromResult(Select(row => ReminderRows.InRange(row.GrainId.GetUniformHashCode(), begin, end)));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        ReminderRows.Validate(grainId, reminderName);
        lock (_lock)
        {
            return Task.FromResult(_rows.GetValueOrDefault((grainId, reminderName)));
        }
    }

    public Task<string> UpsertRow(ReminderEntry entry)
    {
        ReminderRows.Validate(entry);
        var stored = entry with { StartAt = ReminderRows.ToUtc(entry.StartAt), ETag = GrainStorageEtag.New() };
        lock (_lock)
        {
            _rows[(entry.GrainId, entry.ReminderName)] = stored;
        }

        return Task.FromResult(stored.ETag!);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        ReminderRows.Validate(grainId, reminderName);
        lock (_lock)
        {
            var removed = _rows.TryGetValue((grainId, reminderName), out var row)
                && string.Equals(row.ETag, eTag, StringComparison.Ordinal)
                && _rows.Remove((grainId, reminderName));
            return Task.FromResult(removed);
        }
    }

    public Task TestOnlyClearTable()
    {
        lock (_lock)
        {
            _rows.Clear();
        }

        return Task.CompletedTask;
    }

    private IReadOnlyList<ReminderEntry> Select(Func<ReminderEntry, bool> predicate)
    {
        lock (_lock)
        {
            return _rows.Values.Where(predicate).ToArray();
        }
    }
}
