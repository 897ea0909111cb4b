using System.Collections.Concurrent;

namespace Orleans.DynamicDb.Silo.Problems;

/// <summary>
/// Keeps the gateway's server-error lines (event 4041) readable when every statement of every client fails the same
/// way, as during a failover (thousands of lines a second otherwise): per endpoint and error code, the first answer in
/// each <see cref="Window"/> is logged at Warning, carrying how many were logged at Debug since the previous Warning; the
/// rest of the window's answers are logged at Debug. Thread-safe.
/// </summary>
internal sealed class ServerErrorLogThrottle(TimeProvider time)
{
    /// <summary>How long after a Warning the same endpoint and error code are logged at Debug.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Endpoint, string ErrorCode), Entry> _entries = new();

    /// <summary>
    /// The level of the next server-error line of <paramref name="endpoint"/> (a route pattern, so the keys stay few) with
    /// <paramref name="errorCode"/>, and, for a Warning, the lines logged at Debug since the previous Warning.
    /// </summary>
    public (LogLevel Level, long Suppressed) Next(string endpoint, string errorCode)
    {
        var entry = _entries.GetOrAdd((endpoint, errorCode), static _ => new Entry());
        var now = time.GetUtcNow();
        lock (entry)
        {
            if (entry.WarnedAt is { } warned && now - warned < Window)
            {
                entry.Suppressed++;
                return (LogLevel.Debug, 0);
            }

            var suppressed = entry.Suppressed;
            (entry.WarnedAt, entry.Suppressed) = (now, 0);
            return (LogLevel.Warning, suppressed);
        }
    }

    /// <summary>One endpoint and error code: when it was last logged at Warning, and the Debug lines since.</summary>
    private sealed class Entry
    {
        public DateTimeOffset? WarnedAt { get; set; }

        public long Suppressed { get; set; }
    }
}
