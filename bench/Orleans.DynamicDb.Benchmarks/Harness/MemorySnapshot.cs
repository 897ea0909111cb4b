using System.Diagnostics;
using System.Runtime.InteropServices;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The process's memory after a full, compacting, blocking GC: the managed heap in use, what the GC has committed,
/// the working set (resident memory, managed and native) after glibc's malloc_trim returned the native heap's free
/// pages (otherwise the working set keeps the high-water mark of every SQLite connection ever opened), and SQLite's own
/// heap (sqlite3_memory_used: page caches, lookaside, schemas, prepared statements).
/// </summary>
internal readonly record struct MemorySnapshot(long GcHeapBytes, long GcCommittedBytes, long WorkingSetBytes, long UntrimmedWorkingSetBytes, long SqliteBytes)
{
    public static MemorySnapshot Take()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        var untrimmed = process.WorkingSet64;
        TrimNativeHeap();
        process.Refresh();
        return new MemorySnapshot(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes, process.WorkingSet64, untrimmed, SQLitePCL.raw.sqlite3_memory_used());
    }

    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // not glibc: the working set then includes free native memory
        }
    }

    // A plain P/Invoke (blittable, no marshalling): LibraryImport would need unsafe code in this project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054

    /// <summary>"GC heap 12.3 MiB, GC committed 20.0 MiB, working set 150.2 MiB (before malloc_trim 180.0 MiB), SQLite heap 1.2 MiB".</summary>
    public string Describe() =>
        $"GC heap {Mib(GcHeapBytes)}, GC committed {Mib(GcCommittedBytes)}, working set {Mib(WorkingSetBytes)} (before malloc_trim {Mib(UntrimmedWorkingSetBytes)}), SQLite heap {Mib(SqliteBytes)}";

    /// <summary>Per-item growth from <paramref name="before"/> to this snapshot, in KiB.</summary>
    public string PerItem(MemorySnapshot before, int items) =>
        $"GC heap **{Kib(GcHeapBytes - before.GcHeapBytes, items)}**, working set **{Kib(WorkingSetBytes - before.WorkingSetBytes, items)}** "
        + $"(before malloc_trim {Kib(UntrimmedWorkingSetBytes - before.UntrimmedWorkingSetBytes, items)}; GC committed {Kib(GcCommittedBytes - before.GcCommittedBytes, items)}; SQLite heap {Kib(SqliteBytes - before.SqliteBytes, items)})";

    private static string Mib(long bytes) => $"{Fixed(bytes / (1024.0 * 1024), 1)} MiB";

    private static string Kib(long bytes, int items) => $"{Fixed(bytes / 1024.0 / items, 2)} KiB";
}
