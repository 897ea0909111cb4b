using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// What one open SQLite connection to a small database costs in SQLite's heap (sqlite3_memory_used), split by
/// sqlite3_db_status into page cache, schema and statements; the rest is the connection itself and its lookaside
/// buffer. Measured once as opened, and once with the lookaside buffer turned off right after opening.
/// </summary>
internal static class SqliteConnectionMemory
{
    public static string Describe(string file)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        var (total, cache, schema, statements) = Measure(connectionString, lookaside: true);
        var (withoutLookaside, _, _, _) = Measure(connectionString, lookaside: false);
        return $"one connection that has read a row: {Kib(total)} of SQLite heap (page cache {Kib(cache)}, schema {Kib(schema)}, statements {Kib(statements)}, "
            + $"connection and lookaside {Kib(total - cache - schema - statements)}); with lookaside off: {Kib(withoutLookaside)}";
    }

    /// <summary>
    /// How long SQLite's own sleep lasts when asked for 1 ms (its busy handler and its WAL read retries sleep with it):
    /// a build without HAVE_USLEEP rounds every sleep up to whole seconds.
    /// </summary>
    public static string SleepGranularity()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var reported = NativeSleep(1);
        return $"sqlite3_sleep(1) took {Fixed(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1)} ms (SQLite reports {reported} ms)";
    }

    // The bundled native library (SQLitePCLRaw.bundle_e_sqlite3); SQLitePCL.raw does not expose sqlite3_sleep.
#pragma warning disable SYSLIB1054
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_sleep")]
    private static extern int NativeSleep(int milliseconds);
#pragma warning restore SYSLIB1054

    private static (long Total, int Cache, int Schema, int Statements) Measure(string connectionString, bool lookaside)
    {
        var before = raw.sqlite3_memory_used();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        if (!lookaside)
        {
            _ = raw.sqlite3_db_config(connection.Handle, raw.SQLITE_DBCONFIG_LOOKASIDE, IntPtr.Zero, 0, 0);
        }

        using (var command = new SqliteCommand("SELECT v FROM kv WHERE k = 1", connection))
        {
            command.ExecuteScalar();
        }

        var total = raw.sqlite3_memory_used() - before;
        _ = raw.sqlite3_db_status(connection.Handle, raw.SQLITE_DBSTATUS_CACHE_USED, out var cache, out _, 0);
        _ = raw.sqlite3_db_status(connection.Handle, raw.SQLITE_DBSTATUS_SCHEMA_USED, out var schema, out _, 0);
        _ = raw.sqlite3_db_status(connection.Handle, raw.SQLITE_DBSTATUS_STMT_USED, out var statements, out _, 0);
        return (total, cache, schema, statements);
    }

    private static string Kib(long bytes) => $"{Fixed(bytes / 1024.0, 1)} KiB";
}
