namespace Orleans.DynamicDb.Errors;

/// <summary>
/// The one exception type of Orleans.DynamicDb. <see cref="ErrorCode"/> is a stable string from <see cref="ErrorCodes"/>
/// that callers branch on; <see cref="Exception.Message"/> is a sentence a user can act on (for SQL errors it carries the
/// engine's own message).
/// </summary>
[GenerateSerializer]
[Alias("dyndb.DynamicDbException")]
public sealed class DynamicDbException : Exception
{
    public DynamicDbException(string errorCode, string message)
        : this(errorCode, message, isTransient: false, innerException: null)
    {
    }

    public DynamicDbException(string errorCode, string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>A code from <see cref="ErrorCodes"/>, e.g. <c>sql.syntax</c>.</summary>
    [Id(0)]
    public string ErrorCode { get; }

    /// <summary>True when retrying the same request later may succeed (timeouts, an engine restarting, capacity exhausted).</summary>
    [Id(1)]
    public bool IsTransient { get; }

    /// <summary>
    /// The SQLSTATE the engine reported (PostgreSQL engines: the server's own code, e.g. <c>23505</c>), or null when the
    /// engine has none. The PostgreSQL wire frontend passes it to clients.
    /// </summary>
    [Id(2)]
    public string? SqlState { get; init; }

    /// <summary>
    /// When a retry may succeed, for a transient error that knows (<see cref="ErrorCodes.AdmissionBusy"/>: from the queue
    /// state); null otherwise. The gateway sends it as <c>Retry-After</c>.
    /// </summary>
    [Id(3)]
    public TimeSpan? RetryAfter { get; init; }

    public override string ToString() => $"{ErrorCode}: {base.ToString()}";
}
