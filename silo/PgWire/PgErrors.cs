using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Maps a failed statement to an SQLSTATE: PostgreSQL's own code when a PostgreSQL engine's error carries one, SQLite's
/// constraint and lookup failures to their PostgreSQL counterparts, and the grain's error codes otherwise.
/// </summary>
internal static class PgErrors
{

    /// <summary>The SQLSTATE and message a client sees for <paramref name="exception"/>.</summary>
    public static (string SqlState, string Message) From(Exception exception) => exception switch
    {
        PgWireException p => (p.SqlState, p.Message),
        OperationCanceledException => (PgSqlState.QueryCanceled, "canceling statement due to user request"),
        DynamicDbException d => FromDynamicDb(d),
        _ => (PgSqlState.InternalError, $"internal error: {exception.Message}"),
    };

    private static (string, string) FromDynamicDb(DynamicDbException e)
    {
        if (ServerSqlState(e) is { } passed)
        {
            return (passed, e.Message);
        }

        var message = e.Message;
        if (e.ErrorCode == ErrorCodes.TransactionAborted)
        {
            // The database ended the transaction (idle past its timeout, a failover, a drain): its message says why, and
            // may quote the error of an earlier statement, which must not decide the code.
            return (PgSqlState.IdleInTransactionTimeout, $"{message} ({e.ErrorCode})");
        }

        string? fromText = message switch
        {
            _ when Has(message, "UNIQUE constraint failed") || Has(message, "PRIMARY KEY constraint failed") => PgSqlState.UniqueViolation,
            _ when Has(message, "FOREIGN KEY constraint failed") => PgSqlState.ForeignKeyViolation,
            _ when Has(message, "NOT NULL constraint failed") => PgSqlState.NotNullViolation,
            _ when Has(message, "CHECK constraint failed") => PgSqlState.CheckViolation,
            _ when Has(message, "no such table") => PgSqlState.UndefinedTable,
            _ when Has(message, "no such column") => "42703",
            _ when Has(message, "no such function") => "42883",
            // SQLite's busy/locked (another writer holds the file): retryable, as a serialization failure is.
            _ when Has(message, "database is locked") || Has(message, "database table is locked") => PgSqlState.SerializationFailure,
            _ => null,
        };
        if (fromText is not null)
        {
            return (fromText, message);
        }

        var state = e.ErrorCode switch
        {
            ErrorCodes.SqlSyntax => PgSqlState.SyntaxError,
            ErrorCodes.StatementReadOnly or ErrorCodes.AuthReadOnly => "25006",
            ErrorCodes.SqlNotAllowed or ErrorCodes.AuthDenied => PgSqlState.InsufficientPrivilege,
            ErrorCodes.SqlTimeout => PgSqlState.QueryCanceled,
            ErrorCodes.DatabaseNotFound or ErrorCodes.DatabaseInvalidName => PgSqlState.InvalidCatalogName,
            ErrorCodes.EngineUnavailable or ErrorCodes.EngineUnknown or ErrorCodes.ActivationSuperseded => PgSqlState.CannotConnectNow,
            ErrorCodes.RequestTooLarge => PgSqlState.ProgramLimitExceeded,
            ErrorCodes.RequestInvalid => "22023",
            ErrorCodes.SqlOutcomeUnknown => "40003",
            ErrorCodes.SqlError => PgSqlState.DataException,
            ErrorCodes.TransactionNotFound => PgSqlState.InvalidTransactionState,
            ErrorCodes.TransactionLimit => PgSqlState.ConfigurationLimitExceeded,
            ErrorCodes.AdmissionBusy => PgSqlState.LockNotAvailable,
            _ => PgSqlState.InternalError,
        };
        return (state, $"{message} ({e.ErrorCode})");
    }

    /// <summary>The SQLSTATE of a PostgreSQL server error inside <paramref name="e"/>, when it survived the grain call.</summary>
    private static string? ServerSqlState(Exception e)
    {
        if (e is DynamicDbException { SqlState: { Length: 5 } carried })
        {
            return carried;
        }

        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is Npgsql.PostgresException p)
            {
                return p.SqlState;
            }

        }

        return null;
    }

    private static bool Has(string message, string text) => message.Contains(text, StringComparison.OrdinalIgnoreCase);
}
