using Orleans.DynamicDb.Errors;
using Orleans.Runtime;

namespace Orleans.DynamicDb.Silo.Problems;

/// <summary>
/// The one place where failures become HTTP problems: each <see cref="ErrorCodes"/> code has its status and title here.
/// </summary>
internal static class ProblemMapper
{
    /// <summary>The type of a problem that has no error code (an unexpected failure).</summary>
    public const string UntypedProblem = "about:blank";

    private static readonly Dictionary<string, (int Status, string Title)> Codes = new(StringComparer.Ordinal)
    {
        [ErrorCodes.DatabaseInvalidName] = (StatusCodes.Status400BadRequest, "Invalid database name"),
        [ErrorCodes.RequestInvalid] = (StatusCodes.Status400BadRequest, "Invalid request"),
        [ErrorCodes.SqlSyntax] = (StatusCodes.Status400BadRequest, "SQL syntax error"),
        [ErrorCodes.SqlError] = (StatusCodes.Status400BadRequest, "SQL error"),
        [ErrorCodes.EngineUnknown] = (StatusCodes.Status400BadRequest, "Unknown engine"),
        [ErrorCodes.AuthDenied] = (StatusCodes.Status401Unauthorized, "Authentication required"),
        [ErrorCodes.SqlNotAllowed] = (StatusCodes.Status403Forbidden, "Statement not allowed"),
        [ErrorCodes.AuthReadOnly] = (StatusCodes.Status403Forbidden, "Read-only credential"),
        [ErrorCodes.StatementReadOnly] = (StatusCodes.Status403Forbidden, "Statement refused: read-only"),
        [ErrorCodes.DatabaseNotFound] = (StatusCodes.Status404NotFound, "Database not found"),
        [ErrorCodes.RequestNotFound] = (StatusCodes.Status404NotFound, "Not found"),
        [ErrorCodes.PolicyNotFound] = (StatusCodes.Status404NotFound, "Unknown policy"),
        [ErrorCodes.SessionNotFound] = (StatusCodes.Status404NotFound, "Session not found"),
        [ErrorCodes.SessionNotOpen] = (StatusCodes.Status409Conflict, "Session not open"),
        [ErrorCodes.RequestMethodNotAllowed] = (StatusCodes.Status405MethodNotAllowed, "Method not allowed"),
        [ErrorCodes.RequestTooLarge] = (StatusCodes.Status413PayloadTooLarge, "Request too large"),
        [ErrorCodes.EngineUnavailable] = (StatusCodes.Status503ServiceUnavailable, "Engine unavailable"),
        [ErrorCodes.EngineStartFailed] = (StatusCodes.Status503ServiceUnavailable, "Engine failed to start"),
        [ErrorCodes.SqlTimeout] = (StatusCodes.Status504GatewayTimeout, "SQL timeout"),
        [ErrorCodes.DatabaseCorrupt] = (StatusCodes.Status500InternalServerError, "Database corrupt"),
        [ErrorCodes.SqlOutcomeUnknown] = (StatusCodes.Status500InternalServerError, "Write outcome unknown"),
        [ErrorCodes.EngineNoSyncStandby] = (StatusCodes.Status503ServiceUnavailable, "No synchronous standby"),
        [ErrorCodes.SwitchRefused] = (StatusCodes.Status409Conflict, "Switch refused"),
        [ErrorCodes.SwitchAborted] = (StatusCodes.Status409Conflict, "Switch aborted"),
        [ErrorCodes.SwitchConflict] = (StatusCodes.Status409Conflict, "Switch conflict"),
        [ErrorCodes.SwitchNotFound] = (StatusCodes.Status404NotFound, "Switch not found"),
        [ErrorCodes.AuditUnavailable] = (StatusCodes.Status503ServiceUnavailable, "Audit log unavailable"),
        [ErrorCodes.SecretUnreadable] = (StatusCodes.Status500InternalServerError, "Stored credential unreadable"),
        [ErrorCodes.TransactionNotFound] = (StatusCodes.Status404NotFound, "Transaction not found"),
        [ErrorCodes.TransactionAborted] = (StatusCodes.Status409Conflict, "Transaction aborted"),
        [ErrorCodes.TransactionLimit] = (StatusCodes.Status503ServiceUnavailable, "Too many open transactions"),
        [ErrorCodes.AdmissionBusy] = (StatusCodes.Status503ServiceUnavailable, "Too busy, retry"),
    };

    /// <summary>The problem for a DynamicDb error; a code this gateway does not know yet is a 503 when transient, else a 500.</summary>
    public static GatewayProblem Map(DynamicDbException error)
    {
        var (status, title) = Codes.TryGetValue(error.ErrorCode, out var known)
            ? known
            : (error.IsTransient ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError, "Request failed");
        return new GatewayProblem(status, error.ErrorCode, title, error.Message, error.IsTransient)
        {
            RetryAfterSeconds = error.RetryAfter is { } after ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : null,
        };
    }

    /// <summary>The problem for a known kind of failure, or null for an unexpected one (which must be logged).</summary>
    public static GatewayProblem? TryMap(Exception exception) => exception switch
    {
        DynamicDbException error => Map(error),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            Map(new DynamicDbException(ErrorCodes.RequestTooLarge, "The request body is larger than the server accepts.")),
        BadHttpRequestException bad => Map(new DynamicDbException(ErrorCodes.RequestInvalid, $"The request could not be read: {bad.Message}")),
        TimeoutException => Map(new DynamicDbException(
            ErrorCodes.SqlTimeout, "The database did not answer in time. Retry later, or make the statement cheaper.", isTransient: true)),
        SiloUnavailableException => Map(new DynamicDbException(
            ErrorCodes.EngineUnavailable, "The silo serving this database is shutting down. Retry the request.", isTransient: true)),
        // A silo that is shutting down rejects requests it has not started ("Silo stopping"): nothing ran, a retry is safe.
        OrleansMessageRejectionException => Map(new DynamicDbException(
            ErrorCodes.EngineUnavailable, "The silo serving this database is shutting down. Retry the request.", isTransient: true)),
        _ => null,
    };

    /// <summary>The problem for an unexpected failure: it says nothing about internals, only where to look it up.</summary>
    public static GatewayProblem Unexpected(string traceId) => new(
        StatusCodes.Status500InternalServerError,
        UntypedProblem,
        "Internal server error",
        $"The request failed unexpectedly. The error was logged with trace id {traceId}; report it with that id.",
        Transient: false);
}
