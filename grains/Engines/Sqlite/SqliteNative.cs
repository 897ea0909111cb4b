using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>The SQLite C functions Microsoft.Data.Sqlite and SQLitePCLRaw do not expose.</summary>
internal static class SqliteNative
{
    /// <summary>Sets last_insert_rowid() to 0, so that after a statement a non-zero value proves a row was inserted.</summary>
    public static void ResetLastInsertRowId(SqliteConnection connection) =>
        sqlite3_set_last_insert_rowid(connection.Handle!.DangerousGetHandle(), 0);

    /// <summary>The rowid of the last row inserted on the connection, 0 when none since the reset.</summary>
    public static long LastInsertRowId(SqliteConnection connection) => SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle);

    /// <summary>Rows changed by INSERT/UPDATE/DELETE on this connection since it opened.</summary>
    public static long TotalChanges(SqliteConnection connection) => SQLitePCL.raw.sqlite3_total_changes(connection.Handle);

    /// <summary>Makes the statement running on the connection stop with SQLITE_INTERRUPT (safe from any thread).</summary>
    public static void Interrupt(SqliteConnection connection) => SQLitePCL.raw.sqlite3_interrupt(connection.Handle);

    /// <summary>True when the connection is inside a transaction (SQLite is not in autocommit mode).</summary>
    public static bool InTransaction(SQLitePCL.sqlite3 db) => SQLitePCL.raw.sqlite3_get_autocommit(db) == 0;

    /// <summary>True when a database other than <c>main</c> and <c>temp</c> is attached to the connection.</summary>
    public static bool HasAttachedDatabase(SQLitePCL.sqlite3 db) => sqlite3_db_name(db.DangerousGetHandle(), 2) != IntPtr.Zero;

    /// <summary>The current value of an on/off <c>sqlite3_db_config</c> option, or null when SQLite does not know the option.</summary>
    public static bool? DbConfig(SQLitePCL.sqlite3 db, int option) =>
        SQLitePCL.raw.sqlite3_db_config(db, option, -1, out var value) == SQLitePCL.raw.SQLITE_OK ? value != 0 : null;

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void sqlite3_set_last_insert_rowid(IntPtr db, long rowid);

    /// <summary>The schema name of the n-th database of the connection (0 main, 1 temp, 2+ attached), NULL past the last.</summary>
    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr sqlite3_db_name(IntPtr db, int n);
}
