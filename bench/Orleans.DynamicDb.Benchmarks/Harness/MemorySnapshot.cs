using System.Diagnostics;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The process's memory after a full, compacting, blocking GC: the managed heap in use, what the GC has committed,
/// the working set (resident memory, managed and native), and SQLite's own heap (sqlite3_memory_used: page caches,
/// prepared statements, connection structures).
/// </summary>
internal readonly record struct MemorySnapshot(long GcHeapBytes, long GcCommittedBytes, long WorkingSetBytes, long SqliteBytes)
{
    public static MemorySnapshot Take()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return new MemorySnapshot(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes, process.WorkingSet64, SQLitePCL.raw.sqlite3_memory_used());
    }

    /// <summary>"GC heap 12.3 MiB, committed 20.0 MiB, working set 150.2 MiB, SQLite 1.2 MiB".</summary>
    public string Describe() =>
        $"GC heap {Mib(GcHeapBytes)}, GC committed {Mib(GcCommittedBytes)}, working set {Mib(WorkingSetBytes)}, SQLite heap {Mib(SqliteBytes)}";

    /// <summary>Per-item growth from <paramref name="before"/> to this snapshot, in KiB.</summary>
    public string PerItem(MemorySnapshot before, int items) =>
        $"GC heap **{Kib(GcHeapBytes - before.GcHeapBytes, items)}**, working set **{Kib(WorkingSetBytes - before.WorkingSetBytes, items)}** "
        + $"(GC committed {Kib(GcCommittedBytes - before.GcCommittedBytes, items)}, SQLite heap {Kib(SqliteBytes - before.SqliteBytes, items)})";

    private static string Mib(long bytes) => $"{Fixed(bytes / (1024.0 * 1024), 1)} MiB";

    private static string Kib(long bytes, int items) => $"{Fixed(bytes / 1024.0 / items, 2)} KiB";
}
