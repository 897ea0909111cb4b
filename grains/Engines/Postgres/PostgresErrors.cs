using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Maps Npgsql and PostgreSQL failures to <see cref="DynamicDbException"/>s that carry PostgreSQL's message.</summary>
internal static class PostgresErrors
{
    /// <summary>The mapped failure, or null for exceptions that should pass unchanged (cancellation, programming errors).</summary>
    public static DynamicDbException? Map(Exception exception, DatabaseName name) => exception switch
    {
        DynamicDbException => null,
        OperationCanceledException => null,
        PostgresException p => FromServer(p, name),
        NpgsqlException { InnerException: TimeoutException } n => new DynamicDbException(ErrorCodes.SqlTimeout,
            $"The statement on database {name} got no answer within the command timeout: {n.Message}", isTransient: true, n),
        NpgsqlException n => new DynamicDbException(ErrorCodes.EngineUnavailable,
            $"The PostgreSQL server of database {name} cannot be reached: {n.Message}", isTransient: true, n),
        TimeoutException t => new DynamicDbException(ErrorCodes.EngineUnavailable,
            $"No connection to the PostgreSQL server of database {name} became available in time: {t.Message}", isTransient: true, t),
        _ => null,
    };

    /// <summary>
    /// For a statement run read-only: PostgreSQL's refusal of a write in a read-only transaction (SQLSTATE 25006) or of
    /// turning it read-write (25001) as <c>statement.read_only</c> naming the database; null for any other failure.
    /// </summary>
    public static DynamicDbException? ReadOnlyRefusal(Exception exception, DatabaseName name) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.ActiveSqlTransaction } p
            ? new DynamicDbException(ErrorCodes.StatementReadOnly,
                $"Database '{name.Database}' refused a write: the statement runs read-only (a read-only API key, or \"read_only\": true), so it may only read. PostgreSQL said: {p.MessageText}",
                isTransient: false, p)
            : null;

    private static DynamicDbException FromServer(PostgresException p, DatabaseName name)
    {
        var message = p.Detail is null ? p.MessageText : $"{p.MessageText} ({p.Detail})";
        var mapped = p.SqlState switch
        {
            PostgresErrorCodes.SyntaxError => new DynamicDbException(ErrorCodes.SqlSyntax, message, isTransient: false, p),
            PostgresErrorCodes.InsufficientPrivilege =>
                StatementRefusal.Mark(new DynamicDbException(ErrorCodes.SqlNotAllowed, message, isTransient: false, p), StatementRefusal.Permission),
            PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable =>
                new DynamicDbException(ErrorCodes.SqlTimeout, message, isTransient: true, p),
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected =>
                new DynamicDbException(ErrorCodes.SqlError, message, isTransient: true, p),
            PostgresErrorCodes.InvalidCatalogName => new DynamicDbException(ErrorCodes.DatabaseNotFound,
                $"The database {name} does not exist on its PostgreSQL server: {message}", isTransient: false, p),
            PostgresErrorCodes.InvalidAuthorizationSpecification or PostgresErrorCodes.InvalidPassword =>
                new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"The PostgreSQL server of database {name} refused the login: {message}. Tenant statements log in as the database's own role " +
                    "(dyndb_...) with a password over TCP, so pg_hba.conf must accept password (scram-sha-256) logins for those roles.", isTransient: false, p),
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections =>
                new DynamicDbException(ErrorCodes.EngineUnavailable, $"The PostgreSQL server of database {name} is unavailable: {message}", isTransient: true, p),
            _ when p.SqlState.StartsWith("08", StringComparison.Ordinal) =>
                new DynamicDbException(ErrorCodes.EngineUnavailable, $"The PostgreSQL server of database {name} is unavailable: {message}", isTransient: true, p),
            _ => new DynamicDbException(ErrorCodes.SqlError, message, p.IsTransient, p),
        };

        // The server's own SQLSTATE travels with the failure across grain calls, for the wire frontend.
        var carried = new DynamicDbException(mapped.ErrorCode, mapped.Message, mapped.IsTransient, p) { SqlState = p.SqlState };
        foreach (System.Collections.DictionaryEntry entry in mapped.Data)
        {
            carried.Data[entry.Key] = entry.Value;
        }

        return carried;
    }
}
