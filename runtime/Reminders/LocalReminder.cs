namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>The local timer of one reminder row: ticks at StartAt + n × Period, skipping ticks missed while down.</summary>
internal sealed class LocalReminder : IDisposable
{
    private readonly ReminderService _service;
    private readonly ITimer _timer;
    private volatile bool _disposed;

    public LocalReminder(ReminderService service, ReminderEntry entry)
    {
        _service = service;
        Entry = entry;
        _timer = service.Time.CreateTimer(static s => _ = ((LocalReminder)s!).TickAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ReminderEntry Entry { get; }

    public void ScheduleNext()
    {
        if (_disposed)
        {
            return;
        }

        var now = _service.Time.GetUtcNow().UtcDateTime;
        var due = NextTick(Entry.StartAt, Entry.Period, now) - now;
        try
        {
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }

    /// <summary>The first tick time at or after <paramref name="now"/>.</summary>
    internal static DateTime NextTick(DateTime startAt, TimeSpan period, DateTime now)
    {
        if (now <= startAt || period <= TimeSpan.Zero)
        {
            return startAt;
        }

        var periods = (long)Math.Ceiling((now - startAt).Ticks / (double)period.Ticks);
        return startAt + TimeSpan.FromTicks(periods * period.Ticks);
    }

    private async Task TickAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _service.FireAsync(this).ConfigureAwait(false);

        // Schedule from the tick after "now + a hair", so a tick never fires twice for the same slot.
        if (!_disposed)
        {
            var now = _service.Time.GetUtcNow().UtcDateTime;
            var next = NextTick(Entry.StartAt, Entry.Period, now.AddTicks(1));
            try
            {
                _timer.Change(next - now, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
