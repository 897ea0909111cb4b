using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 13: the cost of admission control itself (no engine): one admit + release on the fast path (a slot free, nobody
/// queued) on one thread, in ns and bytes allocated; then throughput when more workers than slots contend (queueing,
/// weighted fair queueing and hand-over under the lock).
/// </summary>
internal static class TierAdmissionBench
{
    public const string Part = "admission";

    private const int Rounds = 5;

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var operations = settings.Quick ? 1_000_000 : 10_000_000;
        var uncontended = new List<double>();
        long allocated = 0;
        for (var round = 0; round < Rounds + 1; round++)
        {
            var admission = New(slots: 32);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < operations; i++)
            {
                var entering = admission.EnterAsync("pg", (Tier)(i & 3));
                if (!entering.IsCompletedSuccessfully)
                {
                    throw new InvalidOperationException("An uncontended admission did not complete at once.");
                }

                entering.Result.Dispose();
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (round > 0)
            {
                uncontended.Add(elapsed.TotalNanoseconds / operations);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        uncontended.Sort();
        table.Add(new ResultRow("13. Tier admission", "admit + release, fast path, 1 thread (32 slots, nobody queued)",
            $"{uncontended[Rounds / 2]:F1} ns", $"{uncontended[0]:F1}–{uncontended[^1]:F1} ns", $"{operations:N0} per round; {allocated} bytes allocated in the last round"));

        foreach (var (workers, slots) in new[] { (4, 32), (16, 4), (64, 4) })
        {
            var rates = new List<double>();
            var queuedShare = 0.0;
            for (var round = 0; round < Rounds; round++)
            {
                var admission = New(slots);
                rates.Add(await ContendedAsync(admission, workers, settings.Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1)));
                queuedShare = admission.StatusOf("pg").Tiers.Sum(t => t.QueuedTotal) / (double)Math.Max(1, admission.StatusOf("pg").Tiers.Sum(t => t.Admitted));
            }

            rates.Sort();
            table.Add(new ResultRow("13. Tier admission", $"{workers} workers on {slots} slots, mixed tiers (admit, yield holding the slot, release)",
                $"{rates[Rounds / 2] / 1e6:F2} M admits/s", $"{rates[0] / 1e6:F2}–{rates[^1] / 1e6:F2}", $"{queuedShare:P0} of admits waited in a queue (last round)"));
        }
    }

    private static TierAdmission New(int slots) => new(
        Options.Create(new TierAdmissionOptions { SlotsPerEngine = slots, ReservedHigh = slots / 8, BackgroundMaxSlots = Math.Max(1, slots / 8), QueueLimit = new(10_000, 10_000, 10_000, 10_000) }),
        TimeProvider.System, metrics: null, NullLogger<TierAdmission>.Instance);

    private static async Task<double> ContendedAsync(TierAdmission admission, int workers, TimeSpan duration)
    {
        long total = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            long done = 0;
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                // The slot is held across a yield, so more workers than slots really wait for one.
                using (await admission.EnterAsync("pg", (Tier)((w + done) & 3)).ConfigureAwait(false))
                {
                    done++;
                    await Task.Yield();
                }
            }

            Interlocked.Add(ref total, done);
        })));
        return total / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
