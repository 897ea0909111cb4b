using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>Maps SQLite failures to <see cref="DynamicDbException"/>s that carry SQLite's message.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int TooBig = 18;
    private const int Auth = 23;
    private const int NotADatabase = 26;

    /// <summary>
    /// Maps a failure. With the <paramref name="connection"/> it ran on, a statement the authorizer refused becomes
    /// <c>sql.not_allowed</c> naming the construct (<see cref="SqliteStatementPolicy"/>), and a limit SQLite hit names the
    /// <see cref="SqliteLimitOptions"/> setting.
    /// </summary>
    public static DynamicDbException Map(SqliteException e, DatabaseName name, SqliteConnection? connection = null)
    {
        var policy = connection?.State == System.Data.ConnectionState.Open ? SqliteConnectionPolicy.Of(connection.Handle) : null;
        if (policy?.TakeDenial() is { } denied)
        {
            if (denied.ReadOnly)
            {
                return ReadOnly(name, denied.Message, e);
            }

            return StatementRefusal.Mark(new DynamicDbException(ErrorCodes.SqlNotAllowed, denied.Message, isTransient: false, e), denied.Construct);
        }

        if (e.SqliteErrorCode == Auth || e.Message.Contains("'not authorized'", StringComparison.Ordinal))
        {
            return StatementRefusal.Mark(
                new DynamicDbException(ErrorCodes.SqlNotAllowed, $"The statement is not allowed by the engine's statement policy: {e.Message}", isTransient: false, e),
                StatementRefusal.Policy);
        }

        if (policy is not null && LimitReached(e, policy.Limits) is { } limit)
        {
            return limit;
        }

        // The primary code (the low byte), so an extended code (SQLITE_IOERR_FSYNC, SQLITE_CORRUPT_INDEX...) maps like its family.
        // Disk, file and corruption errors are the engine failing, not the tenant's statement: they map to engine.unavailable,
        // which EngineOutcomeReporter counts as an engine failure (health Degraded/Failed, circuit opens).
        return (e.SqliteErrorCode & 0xFF) switch
        {
            Busy or Locked => new DynamicDbException(ErrorCodes.SqlTimeout,
                $"The database {name} stayed locked by another statement longer than the busy timeout: {e.Message}", isTransient: true, e),
            IoError or Full or CantOpen => new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"The SQLite database {name} cannot be read or written: {e.Message}", isTransient: false, e),
            Corrupt or NotADatabase => new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"The SQLite database {name} is corrupt (its file cannot be read as a database): {e.Message}", isTransient: false, e),
            _ when IsSyntaxError(e.Message) => new DynamicDbException(ErrorCodes.SqlSyntax, e.Message, isTransient: false, e),
            _ => new DynamicDbException(ErrorCodes.SqlError, e.Message, isTransient: false, e),
        };
    }

    /// <summary>The <c>statement.read_only</c> refusal of a write in a read-only statement, naming the database.</summary>
    public static DynamicDbException ReadOnly(DatabaseName name, string refusal, Exception? inner = null) =>
        new(ErrorCodes.StatementReadOnly, $"Database '{name.Database}' refused a write: {refusal}", isTransient: false, inner);

    /// <summary>SQLite's own words for each limit of <see cref="SqliteLimitOptions"/>, turned into a message naming the setting.</summary>
    private static DynamicDbException? LimitReached(SqliteException e, SqliteLimitOptions limits)
    {
        var message = e.Message;
        if (e.SqliteErrorCode == TooBig)
        {
            // SQLite says "string or blob too big" for both a too-long SQL text (refused before it is parsed) and a value
            // built too large while the statement runs.
            return new DynamicDbException(ErrorCodes.SqlError,
                $"The statement exceeds a size limit of the engine: the SQL text may be at most {limits.MaxSqlLength} bytes "
                + $"(setting {SqliteLimitOptions.SectionName}:{nameof(limits.MaxSqlLength)}; pass values as arguments) and a string or BLOB "
                + $"at most {limits.MaxValueLength} bytes (setting {SqliteLimitOptions.SectionName}:{nameof(limits.MaxValueLength)}). SQLite said: {message}",
                isTransient: false, e);
        }

        var (setting, value, what) = message switch
        {
            _ when message.Contains("Expression tree is too large", StringComparison.OrdinalIgnoreCase) =>
                (nameof(limits.MaxExpressionDepth), limits.MaxExpressionDepth, "an expression is nested deeper than"),
            _ when message.Contains("LIKE or GLOB pattern too complex", StringComparison.OrdinalIgnoreCase) =>
                (nameof(limits.MaxLikePatternLength), limits.MaxLikePatternLength, "a LIKE or GLOB pattern is longer than"),
            _ when message.Contains("too many terms in compound SELECT", StringComparison.OrdinalIgnoreCase) =>
                (nameof(limits.MaxCompoundSelect), limits.MaxCompoundSelect, "a compound SELECT has more terms than"),
            _ when message.Contains("too many SQL variables", StringComparison.OrdinalIgnoreCase)
                || message.Contains("variable number must be between", StringComparison.OrdinalIgnoreCase) =>
                (nameof(limits.MaxVariableNumber), limits.MaxVariableNumber, "a parameter number is higher than"),
            _ when message.Contains("too many levels of trigger recursion", StringComparison.OrdinalIgnoreCase) =>
                (nameof(limits.MaxTriggerDepth), limits.MaxTriggerDepth, "triggers fire each other deeper than"),
            _ => (null, 0, null),
        };

        return setting is null
            ? null
            : new DynamicDbException(ErrorCodes.SqlError,
                $"The statement exceeds a limit of the engine: {what} {value} (setting {SqliteLimitOptions.SectionName}:{setting}). SQLite said: {message}",
                isTransient: false, e);
    }

    private static bool IsSyntaxError(string message) =>
        message.Contains("syntax error", StringComparison.OrdinalIgnoreCase)
        || message.Contains("incomplete input", StringComparison.OrdinalIgnoreCase)
        || message.Contains("unrecognized token", StringComparison.OrdinalIgnoreCase);
}
