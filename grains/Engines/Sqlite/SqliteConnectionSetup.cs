using SQLitePCL;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// The settings the engine gives every physical connection once, before any tenant statement runs on it, and the check
/// that they still hold when the connection goes back to the pool.
/// </summary>
internal static class SqliteConnectionSetup
{
    /// <summary>On/off options and the value they must keep: defensive on, schema untrusted, no extensions, foreign keys on.</summary>
    private static readonly (int Option, bool Value, string Name)[] Options =
    [
        (raw.SQLITE_DBCONFIG_DEFENSIVE, true, "SQLITE_DBCONFIG_DEFENSIVE"),
        (raw.SQLITE_DBCONFIG_TRUSTED_SCHEMA, false, "SQLITE_DBCONFIG_TRUSTED_SCHEMA"),
        (raw.SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, false, "SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION"),
        (raw.SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, false, "SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER"),
        (raw.SQLITE_DBCONFIG_ENABLE_FKEY, true, "SQLITE_DBCONFIG_ENABLE_FKEY"),
    ];

    /// <summary>
    /// Applies the options, the limits, the busy timeout and the engine's pragmas (journal_mode WAL, a property of the file;
    /// synchronous FULL). Runs before the authorizer is installed, so the pragmas are the engine's own.
    /// </summary>
    public static void Configure(sqlite3 db, EngineOptions options)
    {
        foreach (var (option, value, _) in Options)
        {
            SqliteConnectionPolicy.Check(raw.sqlite3_db_config(db, option, value ? 1 : 0, out _), db);
        }

        var limits = options.SqliteLimits;
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_ATTACHED, 0);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_SQL_LENGTH, limits.MaxSqlLength);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_EXPR_DEPTH, limits.MaxExpressionDepth);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, limits.MaxLikePatternLength);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_LENGTH, limits.MaxValueLength);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_COMPOUND_SELECT, limits.MaxCompoundSelect);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_VARIABLE_NUMBER, limits.MaxVariableNumber);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_TRIGGER_DEPTH, limits.MaxTriggerDepth);

        SqliteConnectionPolicy.Check(raw.sqlite3_busy_timeout(db, (int)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds)), db);
        SqliteConnectionPolicy.Check(raw.sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"), db);
    }

    /// <summary>The first on/off option that no longer has the engine's value, or null when all do.</summary>
    public static string? FindChangedSetting(sqlite3 db)
    {
        foreach (var (option, value, name) in Options)
        {
            if (SqliteNative.DbConfig(db, option) != value)
            {
                return $"{name} is no longer {(value ? "on" : "off")}";
            }
        }

        return raw.sqlite3_limit(db, raw.SQLITE_LIMIT_ATTACHED, -1) != 0 ? "SQLITE_LIMIT_ATTACHED is no longer 0" : null;
    }
}
