using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>Whether a connection holds a write transaction (<c>sqlite3_txn_state</c>, which SQLitePCLRaw does not expose).</summary>
internal static class SqliteTransactionState
{
    private const int Write = 2;

    /// <summary>True while a statement or transaction of the connection holds the database's write lock.</summary>
    public static bool HoldsWriteLock(SqliteConnection connection) =>
        sqlite3_txn_state(connection.Handle!.DangerousGetHandle(), IntPtr.Zero) == Write;

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_txn_state(IntPtr db, IntPtr schema);
}
