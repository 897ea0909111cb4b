using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// One engine's recent statement latencies (admitted → released) and queue waits per tier, in
/// <see cref="LatencyHistogram"/> buckets kept in a ring of <see cref="Slots"/> slots of <see cref="SlotSeconds"/> s each,
/// so the quantiles read back cover about the last minute, not the time since start. Recording is lock-free and
/// allocation-free: the first record of a new slot claims it by compare-and-swap on its epoch and clears it; a record
/// racing that clear may be lost (a count, never a crash), which is the price of no lock.
/// </summary>
internal sealed class TierLatencyWindow
{
    /// <summary>Slots in the ring.</summary>
    public const int Slots = 12;

    /// <summary>Seconds per slot: the window is <c>Slots × SlotSeconds</c> = 60 s.</summary>
    public const int SlotSeconds = 5;

    private const int TierCount = 4;
    private const int Kinds = 2; // 0: statement latency, 1: queue wait
    private const int PerSlot = TierCount * Kinds * LatencyHistogram.Buckets;

    private readonly TimeProvider _time;
    private readonly long _slotTicks;
    private readonly long[] _epochs = new long[Slots];
    private readonly long[] _counts = new long[Slots * PerSlot];

    public TierLatencyWindow(TimeProvider time)
    {
        _time = time;
        _slotTicks = time.TimestampFrequency * SlotSeconds;
        Array.Fill(_epochs, -1);
    }

    /// <summary>Counts one statement of <paramref name="tier"/> released at <paramref name="now"/> (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Record(int tier, long now, long latencyTicks, long waitTicks)
    {
        var epoch = now / _slotTicks;
        var slot = (int)(epoch % Slots);
        var seen = Volatile.Read(ref _epochs[slot]);
        if (seen != epoch && seen < epoch && Interlocked.CompareExchange(ref _epochs[slot], epoch, seen) == seen)
        {
            Array.Clear(_counts, slot * PerSlot, PerSlot);
        }

        var at = (slot * PerSlot) + (tier * Kinds * LatencyHistogram.Buckets);
        Interlocked.Increment(ref _counts[at + BucketOf(latencyTicks)]);
        Interlocked.Increment(ref _counts[at + LatencyHistogram.Buckets + BucketOf(waitTicks)]);
    }

    /// <summary>The tier's statements, latency p50/p99 and queue-wait p50/p99 (ms) over the slots of the last minute.</summary>
    public TierLatency Read(int tier)
    {
        var epoch = _time.GetTimestamp() / _slotTicks;
        var latency = new long[LatencyHistogram.Buckets];
        var wait = new long[LatencyHistogram.Buckets];
        for (var slot = 0; slot < Slots; slot++)
        {
            var e = Volatile.Read(ref _epochs[slot]);
            if (e < 0 || e > epoch || e <= epoch - Slots)
            {
                continue;
            }

            var at = (slot * PerSlot) + (tier * Kinds * LatencyHistogram.Buckets);
            for (var b = 0; b < LatencyHistogram.Buckets; b++)
            {
                latency[b] += Volatile.Read(ref _counts[at + b]);
                wait[b] += Volatile.Read(ref _counts[at + LatencyHistogram.Buckets + b]);
            }
        }

        return new TierLatency(latency.Sum(), LatencyHistogram.QuantileMs(latency, 0.5), LatencyHistogram.QuantileMs(latency, 0.99),
            LatencyHistogram.QuantileMs(wait, 0.5), LatencyHistogram.QuantileMs(wait, 0.99));
    }

    private int BucketOf(long ticks) =>
        ticks <= 0 ? 0 : LatencyHistogram.BucketOf(TimeSpan.FromTicks((long)(ticks * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency))));
}

/// <summary>One tier's recent latencies on one engine (the last minute, <see cref="TierLatencyWindow"/>).</summary>
/// <param name="Statements">Statements released in the window.</param>
/// <param name="LatencyP50Ms">Median time from admission to release, in ms (0 when none).</param>
/// <param name="LatencyP99Ms">99th percentile of that time, in ms.</param>
/// <param name="QueueWaitP50Ms">Median queue wait, in ms (statements admitted at once count as 0).</param>
/// <param name="QueueWaitP99Ms">99th percentile of the queue wait, in ms.</param>
public sealed record TierLatency(long Statements, double LatencyP50Ms, double LatencyP99Ms, double QueueWaitP50Ms, double QueueWaitP99Ms)
{
    /// <summary>The seconds the window covers.</summary>
    public const int WindowSeconds = TierLatencyWindow.Slots * TierLatencyWindow.SlotSeconds;

    /// <summary>No statement in the window.</summary>
    public static readonly TierLatency None = new(0, 0, 0, 0, 0);
}
