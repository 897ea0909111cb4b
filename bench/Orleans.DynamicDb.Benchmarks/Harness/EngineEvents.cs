using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Keeps the elapsed time of the database layer's state-change log lines (created, woke, hibernated, instance started,
/// ...), so a latency measured at the caller can be split into what the grain and the engine reported. Only the
/// listed event ids are kept; the message is never formatted.
/// </summary>
internal sealed class EngineEvents : ILoggerProvider, ILogger
{
    /// <summary>Event ids of Orleans.DynamicDb.Grains (grains/EventIds.cs).</summary>
    public const int EngineCreated = 2000;
    public const int EngineOpened = 2001;
    public const int EngineClosed = 2002;
    public const int InstanceStarted = 2010;
    public const int InstanceStopped = 2011;
    public const int GrainWoke = 2100;
    public const int GrainHibernated = 2101;
    public const int GrainCreated = 2102;

    private static readonly HashSet<int> Kept = [EngineCreated, EngineOpened, EngineClosed, InstanceStarted, InstanceStopped, GrainWoke, GrainHibernated, GrainCreated];
    private readonly Lock _lock = new();
    private readonly List<(int Id, double Ms)> _events = [];

    /// <summary>A position in the event list: events after it are read with <see cref="Since"/>.</summary>
    public int Mark()
    {
        lock (_lock)
        {
            return _events.Count;
        }
    }

    /// <summary>The elapsed milliseconds of the events with <paramref name="eventId"/> logged after <paramref name="mark"/>.</summary>
    public List<double> Since(int mark, int eventId)
    {
        lock (_lock)
        {
            return [.. _events.Skip(mark).Where(e => e.Id == eventId).Select(e => e.Ms)];
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!Kept.Contains(eventId.Id) || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        foreach (var (name, value) in values)
        {
            if (name == "ElapsedMs" && value is double ms)
            {
                lock (_lock)
                {
                    _events.Add((eventId.Id, ms));
                }

                return;
            }
        }
    }

    public void Dispose()
    {
    }
}
