using System.Collections.Frozen;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// What a tenant statement may do on the embedded engine. SQLite asks (through the authorizer,
/// <c>sqlite3_set_authorizer</c>) about every action of every statement it compiles, including the statements it compiles
/// for itself on the tenant's behalf (the <c>pragma_*</c> table-valued functions, <c>VACUUM</c>), so the decision rests on
/// what SQLite is about to do, never on parsing SQL text. Denied:
/// <list type="bullet">
/// <item><c>ATTACH</c> and <c>DETACH</c>; <c>VACUUM</c> and <c>VACUUM INTO</c> attach their target, so they are denied too
/// (<c>SQLITE_LIMIT_ATTACHED</c> 0 is a second wall);</item>
/// <item>transaction control (<c>BEGIN</c>, <c>COMMIT</c>/<c>END</c>, <c>ROLLBACK</c>, <c>SAVEPOINT</c>, <c>RELEASE</c>):
/// each request is its own transaction, <c>POST /v1/database/transaction</c> groups statements;</item>
/// <item>functions that reach outside the database (<see cref="DeniedFunctions"/>);</item>
/// <item>every <c>PRAGMA</c> except <see cref="InspectionPragmas"/> and reading <see cref="ReadOnlyPragmas"/>.</item>
/// </list>
/// Temporary objects are allowed, but they live on the connection, so a connection that made one is not pooled again.
/// </summary>
internal static class SqliteStatementPolicy
{
    // Authorizer action codes (sqlite3.h).
    internal const int CreateTempIndex = 3;
    internal const int CreateTempTable = 4;
    internal const int CreateTempTrigger = 5;
    internal const int CreateTempView = 6;
    internal const int Pragma = 19;
    internal const int Read = 20;
    internal const int Select = 21;
    internal const int Transaction = 22;
    internal const int Attach = 24;
    internal const int Detach = 25;
    internal const int CreateVirtualTable = 29;
    internal const int Function = 31;
    internal const int Savepoint = 32;
    internal const int Recursive = 33;

    /// <summary>
    /// Pragmas a tenant may run, with or without an argument (a table, an index, a row limit): they only describe or check
    /// the tenant's own schema and data.
    /// </summary>
    public static readonly FrozenSet<string> InspectionPragmas = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check", "collation_list");

    /// <summary>
    /// Pragmas a tenant may read but not set (a value makes them a write): the engine owns the connection and file settings
    /// (<c>journal_mode</c> WAL, <c>synchronous</c> FULL, <c>foreign_keys</c> ON), and the rest describe the file.
    /// </summary>
    public static readonly FrozenSet<string> ReadOnlyPragmas = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "user_version", "application_id", "schema_version", "data_version", "encoding", "foreign_keys", "journal_mode",
        "synchronous", "page_size", "page_count", "freelist_count");

    /// <summary>
    /// Functions a tenant may not call: <c>load_extension</c> loads native code into the process (also disabled in the
    /// connection), <c>fts3_tokenizer</c> reads and registers tokenizer pointers (process memory).
    /// </summary>
    public static readonly FrozenSet<string> DeniedFunctions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "load_extension", "fts3_tokenizer");

    private const string UseTransactionApi =
        "every exec and query request is already its own transaction; send statements that must commit together in one " +
        "POST /v1/database/transaction (interactive transactions come with the wire protocol).";

    /// <summary>True for the actions <see cref="Check"/> looks at; every other action (reads, writes, DDL) is allowed without a look.</summary>
    public static bool Inspects(int action) =>
        action is Pragma or Transaction or Attach or Detach or Function or Savepoint;

    /// <summary>
    /// True for the actions a read-only statement may perform: reading tables and columns, SELECT (also a recursive CTE),
    /// calling a function and a pragma — functions and pragmas still pass <see cref="Check"/>, which refuses every pragma
    /// that sets a value. Every other action (INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, REINDEX, ANALYZE, ATTACH,
    /// transaction control, temporary objects) writes.
    /// </summary>
    public static bool ReadsOnly(int action) => action is Read or Select or Function or Pragma or Recursive;

    /// <summary>The reason a read-only statement may not perform <paramref name="action"/> (not a read), naming it.</summary>
    public static string ReadOnlyRefusal(int action, string? arg1) =>
        $"{WriteName(action, arg1)} is not allowed: the statement runs read-only (a read-only API key, or \"read_only\": true), so it may only read.";

    /// <summary>True when the action creates an object in the connection's <c>temp</c> schema.</summary>
    public static bool CreatesTemporaryObject(int action, string? database) =>
        action is CreateTempIndex or CreateTempTable or CreateTempTrigger or CreateTempView
        || (action == CreateVirtualTable && string.Equals(database, "temp", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The reason a tenant may not perform the action, naming the construct, or null when it may. The arguments are the
    /// authorizer's: for a pragma its name and value, for a function its name in <paramref name="arg2"/>, for a
    /// transaction the operation, for a savepoint the operation and the savepoint's name.
    /// </summary>
    public static string? Check(int action, string? arg1, string? arg2) => action switch
    {
        Attach => "ATTACH is not allowed: each database is isolated and cannot open other database files "
            + "(VACUUM and VACUUM INTO attach their target, so they are refused too).",
        Detach => "DETACH is not allowed: each database is isolated and has no attached databases.",
        Transaction => $"Transaction control ({arg1}) is not allowed in exec/query/transaction: {UseTransactionApi}",
        Savepoint => $"Transaction control ({SavepointConstruct(arg1)} {arg2}) is not allowed in exec/query/transaction: {UseTransactionApi}",
        Function when arg2 is not null && DeniedFunctions.Contains(arg2) =>
            $"The function {arg2}() is not allowed: it reaches outside the database (native extensions or process memory).",
        Pragma => CheckPragma(arg1 ?? "", arg2),
        _ => null,
    };

    /// <summary>The short construct name of a refused action, for <see cref="StatementRefusal"/> (no SQL text).</summary>
    public static string ConstructOf(int action) => action switch
    {
        Attach => StatementRefusal.Attach,
        Detach => StatementRefusal.Detach,
        Transaction or Savepoint => StatementRefusal.TransactionControl,
        Function => StatementRefusal.Function,
        Pragma => StatementRefusal.Pragma,
        _ => StatementRefusal.Policy,
    };

    /// <summary>Every pragma a tenant may use, for messages and documentation.</summary>
    public static string AllowedPragmaList =>
        string.Join(", ", InspectionPragmas.Concat(ReadOnlyPragmas.Select(p => p + " (read)")).Order(StringComparer.Ordinal));

    private static string? CheckPragma(string name, string? value)
    {
        if (InspectionPragmas.Contains(name) || (value is null && ReadOnlyPragmas.Contains(name)))
        {
            return null;
        }

        return ReadOnlyPragmas.Contains(name)
            ? $"PRAGMA {name} = ... is not allowed: tenants may read {name} but not set it; the engine sets it."
            : $"PRAGMA {name} is not allowed: tenants may only use the allow-listed pragmas: {AllowedPragmaList}.";
    }

    private static string WriteName(int action, string? arg1) => action switch
    {
        9 => $"DELETE FROM {arg1}",
        18 => $"INSERT INTO {arg1}",
        23 => $"UPDATE of {arg1}",
        >= 1 and <= 8 or CreateVirtualTable => "CREATE",
        >= 10 and <= 17 or 30 => "DROP",
        26 => "ALTER TABLE",
        27 => "REINDEX",
        28 => "ANALYZE",
        Attach => "ATTACH",
        Detach => "DETACH",
        Transaction or Savepoint => "Transaction control",
        _ => "Writing",
    };

    private static string SavepointConstruct(string? operation) => operation switch
    {
        "BEGIN" => "SAVEPOINT",
        "ROLLBACK" => "ROLLBACK TO",
        _ => operation ?? "SAVEPOINT",
    };
}
