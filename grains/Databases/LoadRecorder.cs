namespace Orleans.DynamicDb.Databases;

/// <summary>
/// A database's recent load, lock-free: statement durations in a ring of the latest <see cref="Samples"/> (time, ms),
/// and per-second buckets (a ring of an hour) of statement counts and the most calls in flight plus open cursors.
/// Writers never wait; a reader racing a writer may see one sample half-updated, which a p99 shrugs off.
/// </summary>
internal sealed class LoadRecorder(TimeProvider time)
{
    /// <summary>Duration samples kept: the p99 is over the latest this many in the window.</summary>
    public const int Samples = 4096;

    /// <summary>The longest window answered.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    private const int Buckets = 3600;
    private readonly long _origin = time.GetTimestamp();
    private readonly long[] _sampleAt = new long[Samples];
    private readonly double[] _sampleMs = new double[Samples];
    private readonly long[] _bucketSecond = InitialSeconds();
    private readonly long[] _bucketCount = new long[Buckets];
    private readonly int[] _bucketMax = new int[Buckets];
    private long _next = -1;
    private int _inFlight;

    /// <summary>A statement call starts; <paramref name="openCursors"/> are the cursors open besides it. Dispose the result when it ends.</summary>
    public Call Begin(int openCursors)
    {
        var concurrent = Interlocked.Increment(ref _inFlight) + openCursors;
        var second = Second(time.GetTimestamp());
        var bucket = Bucket(second);
        int seen;
        while (concurrent > (seen = Volatile.Read(ref _bucketMax[bucket])) && Interlocked.CompareExchange(ref _bucketMax[bucket], concurrent, seen) != seen)
        {
        }

        return new Call(this, time.GetTimestamp());
    }

    /// <summary>The load over the last <paramref name="window"/>; <paramref name="openCursors"/> are the cursors open now.</summary>
    public DatabaseLoad Read(TimeSpan window, int openCursors)
    {
        window = window > MaxWindow ? MaxWindow : window;
        var now = time.GetTimestamp();
        var since = now - (long)(window.TotalSeconds * time.TimestampFrequency);
        var durations = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var at = Volatile.Read(ref _sampleAt[i]);
            if (at != 0 && at >= since)
            {
                durations.Add(Volatile.Read(ref _sampleMs[i]));
            }
        }

        var nowSecond = Second(now);
        var firstSecond = nowSecond - (long)Math.Ceiling(window.TotalSeconds) + 1;
        long statements = 0;
        var max = Volatile.Read(ref _inFlight) + openCursors;
        for (var s = Math.Max(Math.Max(firstSecond, 0), nowSecond - Buckets + 1); s <= nowSecond; s++)
        {
            var bucket = Bucket(s);
            if (Volatile.Read(ref _bucketSecond[bucket]) == s)
            {
                statements += Volatile.Read(ref _bucketCount[bucket]);
                max = Math.Max(max, Volatile.Read(ref _bucketMax[bucket]));
            }
        }

        return new DatabaseLoad(window, statements, Percentile99(durations), max);
    }

    private void End(long started)
    {
        var ended = time.GetTimestamp();
        Interlocked.Decrement(ref _inFlight);
        var slot = (int)(Interlocked.Increment(ref _next) % Samples);
        Volatile.Write(ref _sampleMs[slot], time.GetElapsedTime(started, ended).TotalMilliseconds);
        Volatile.Write(ref _sampleAt[slot], Math.Max(ended, 1));
        Interlocked.Increment(ref _bucketCount[Bucket(Second(ended))]);
    }

    /// <summary>The bucket of <paramref name="second"/>, emptied first when it still holds an older second.</summary>
    private int Bucket(long second)
    {
        var bucket = (int)(second % Buckets);
        var held = Volatile.Read(ref _bucketSecond[bucket]);
        if (held != second && Interlocked.CompareExchange(ref _bucketSecond[bucket], second, held) == held)
        {
            Volatile.Write(ref _bucketCount[bucket], 0);
            Volatile.Write(ref _bucketMax[bucket], 0);
        }

        return bucket;
    }

    private long Second(long timestamp) => (timestamp - _origin) / time.TimestampFrequency;

    private static double? Percentile99(List<double> durations)
    {
        if (durations.Count == 0)
        {
            return null;
        }

        durations.Sort();
        var rank = (int)Math.Ceiling(0.99 * durations.Count) - 1;
        return Math.Round(durations[Math.Clamp(rank, 0, durations.Count - 1)], 3);
    }

    private static long[] InitialSeconds()
    {
        var seconds = new long[Buckets];
        Array.Fill(seconds, -1);
        return seconds;
    }

    /// <summary>One statement call in flight; disposing it records its duration.</summary>
    public readonly struct Call(LoadRecorder recorder, long started) : IDisposable
    {
        public void Dispose() => recorder?.End(started);
    }
}
