using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Activation;

namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>
/// Keeps a local timer for every reminder this silo owns (the rows whose grain hash falls in its slices of the ring;
/// all of them on a single silo), fires each tick as a call to the grain's ReceiveReminder (activating it if needed),
/// and re-reads its slices periodically, at start and whenever the slices change, which is how reminders survive a
/// silo restart and move to the survivors when a silo dies. A reminder registered on a silo that does not own it is
/// written to the table and picked up by its owner at the owner's next refresh.
/// </summary>
internal sealed partial class ReminderService(
    GrainRuntime runtime,
    IOptions<ReminderOptions> options,
    TimeProvider timeProvider,
    ILogger<ReminderService> logger,
    IReminderTable? table = null,
    IReminderRanges? ranges = null) : IReminderRegistry, IAsyncDisposable
{
    private readonly IReminderRanges _ranges = ranges ?? new WholeTableReminderRanges();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly ConcurrentDictionary<(GrainId, string), LocalReminder> _local = new();
    private readonly ReminderOptions _options = options.Value;
    private ITimer? _refresh;
    private volatile bool _stopped;

    public bool IsEnabled => table is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (table is null)
        {
            return;
        }

        await table.StartAsync(cancellationToken).ConfigureAwait(false);
        _ranges.Changed += OnRangesChanged;
        await RefreshAsync().ConfigureAwait(false);
        _refresh = timeProvider.CreateTimer(static s => _ = ((ReminderService)s!).RefreshAsync(), this, _options.RefreshReminderListPeriod, _options.RefreshReminderListPeriod);
    }

    public Task StopAsync()
    {
        _stopped = true;
        _ranges.Changed -= OnRangesChanged;
        _refresh?.Dispose();
        foreach (var reminder in _local.Values)
        {
            reminder.Dispose();
        }

        _local.Clear();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public async Task<IGrainReminder> RegisterOrUpdateReminder(GrainId grainId, Grain grain, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        var reminders = Table;
        ArgumentException.ThrowIfNullOrWhiteSpace(reminderName);
        if (grain is not IRemindable)
        {
            throw new InvalidOperationException($"Grain {grainId} ({grain.GetType().Name}) registers reminder '{reminderName}' but does not implement IRemindable.");
        }

        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, $"Reminder '{reminderName}': dueTime cannot be negative.");
        }

        if (period < _options.MinimumReminderPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"Reminder '{reminderName}': period {period} is shorter than the minimum reminder period {_options.MinimumReminderPeriod} (setting Orleans:Reminders:MinimumReminderPeriod).");
        }

        var entry = new ReminderEntry { GrainId = grainId, ReminderName = reminderName, StartAt = timeProvider.GetUtcNow().UtcDateTime + dueTime, Period = period };
        var etag = await reminders.UpsertRow(entry).ConfigureAwait(false);
        entry = entry with { ETag = etag };
        if (Owns(grainId))
        {
            StartLocal(entry);
        }
        else
        {
            await _ranges.NotifyOwnerAsync(grainId).ConfigureAwait(false);
        }

        LogRegistered(grainId, reminderName, dueTime, period);
        return new ReminderHandle(reminderName, etag);
    }

    public async Task<IGrainReminder?> GetReminder(GrainId grainId, string reminderName)
    {
        var row = await Table.ReadRow(grainId, reminderName).ConfigureAwait(false);
        return row is null ? null : new ReminderHandle(row.ReminderName, row.ETag);
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetReminders(GrainId grainId)
    {
        var rows = await Table.ReadRows(grainId).ConfigureAwait(false);
        return [.. rows.Select(r => (IGrainReminder)new ReminderHandle(r.ReminderName, r.ETag))];
    }

    public async Task UnregisterReminder(GrainId grainId, IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var reminders = Table;
        var etag = (reminder as ReminderHandle)?.ETag;
        if (etag is null || !await reminders.RemoveRow(grainId, reminder.ReminderName, etag).ConfigureAwait(false))
        {
            // The row changed since the handle was taken (re-registered): the grain owns its reminders, so remove the current row.
            var current = await reminders.ReadRow(grainId, reminder.ReminderName).ConfigureAwait(false);
            if (current?.ETag is { } currentEtag)
            {
                await reminders.RemoveRow(grainId, reminder.ReminderName, currentEtag).ConfigureAwait(false);
            }
        }

        if (_local.TryRemove((grainId, reminder.ReminderName), out var local))
        {
            local.Dispose();
        }

        LogUnregistered(grainId, reminder.ReminderName);
    }

    private IReminderTable Table => table
        ?? throw new InvalidOperationException("No reminder service is configured. Call UseInMemoryReminderService() or UseAdoNetReminderService(...) on the silo builder.");

    private async Task RefreshAsync()
    {
        if (_stopped || table is null)
        {
            return;
        }

        await _refreshGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var rows = new List<ReminderEntry>();
            foreach (var (begin, end) in _ranges.Owned)
            {
                rows.AddRange(await table.ReadRows(begin, end).ConfigureAwait(false));
            }

            var seen = new HashSet<(GrainId, string)>();
            foreach (var row in rows)
            {
                seen.Add((row.GrainId, row.ReminderName));
                if (!_local.TryGetValue((row.GrainId, row.ReminderName), out var existing) || existing.Entry.ETag != row.ETag)
                {
                    StartLocal(row);
                }
            }

            foreach (var key in _local.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                if (_local.TryRemove(key, out var gone))
                {
                    gone.Dispose();
                }
            }
        }
        catch (Exception exception)
        {
            LogTableReadFailed(exception);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private void StartLocal(ReminderEntry entry)
    {
        if (_stopped)
        {
            return;
        }

        var local = new LocalReminder(this, entry);
        _local.AddOrUpdate((entry.GrainId, entry.ReminderName), local, (_, old) =>
        {
            old.Dispose();
            return local;
        });
        local.ScheduleNext();
    }

    internal TimeProvider Time => timeProvider;

    private bool Owns(GrainId grainId)
    {
        var hash = grainId.GetUniformHashCode();
        return _ranges.Owned.Any(r => Membership.ConsistentRing.InRange(hash, r.Begin, r.End));
    }

    private void OnRangesChanged() => _ = RefreshAsync();

    internal async Task FireAsync(LocalReminder reminder)
    {
        if (_stopped)
        {
            return;
        }

        var entry = reminder.Entry;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        try
        {
            LogFired(entry.GrainId, entry.ReminderName);
            await runtime.GrainFactory.GetGrain<IRemindable>(entry.GrainId)
                .ReceiveReminder(entry.ReminderName, new TickStatus(entry.StartAt, entry.Period, now)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogFailed(entry.GrainId, entry.ReminderName, exception);
        }
    }

    private sealed record ReminderHandle(string ReminderName, string? ETag) : IGrainReminder;
}
