namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// An engine's admission state packed in one 64-bit word, so the fast path admits and releases with one compare-and-swap:
/// the statements in flight per tier (12 bits each, bits 0–47) and the statements queued over all tiers (16 bits, 48–63).
/// </summary>
internal static class AdmissionState
{
    private const int TierBits = 12;
    private const long TierMask = (1L << TierBits) - 1;
    private const int QueuedShift = 48;

    /// <summary>One queued statement.</summary>
    public const long OneQueued = 1L << QueuedShift;

    /// <summary>One statement of <paramref name="tier"/> in flight.</summary>
    public static long OneInFlight(int tier) => 1L << (tier * TierBits);

    public static int InFlight(long state, int tier) => (int)((state >> (tier * TierBits)) & TierMask);

    public static int TotalInFlight(long state) =>
        (int)((state & TierMask) + ((state >> TierBits) & TierMask) + ((state >> (2 * TierBits)) & TierMask) + ((state >> (3 * TierBits)) & TierMask));

    public static int Queued(long state) => (int)((ulong)state >> QueuedShift);
}
