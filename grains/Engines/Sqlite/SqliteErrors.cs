using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>Maps SQLite failures to <see cref="DynamicDbException"/>s that carry SQLite's message.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    public static DynamicDbException Map(SqliteException e, DatabaseName name) => e.SqliteErrorCode switch
    {
        Busy or Locked => new DynamicDbException(ErrorCodes.SqlTimeout,
            $"The database {name} stayed locked by another statement longer than the busy timeout: {e.Message}", isTransient: true, e),
        IoError or Full or CantOpen => new DynamicDbException(ErrorCodes.EngineUnavailable,
            $"The SQLite database {name} cannot be read or written: {e.Message}", isTransient: false, e),
        _ when IsSyntaxError(e.Message) => new DynamicDbException(ErrorCodes.SqlSyntax, e.Message, isTransient: false, e),
        _ => new DynamicDbException(ErrorCodes.SqlError, e.Message, isTransient: false, e),
    };

    private static bool IsSyntaxError(string message) =>
        message.Contains("syntax error", StringComparison.OrdinalIgnoreCase)
        || message.Contains("incomplete input", StringComparison.OrdinalIgnoreCase)
        || message.Contains("unrecognized token", StringComparison.OrdinalIgnoreCase);
}
