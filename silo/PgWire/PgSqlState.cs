namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The SQLSTATE codes the frontend answers with (PostgreSQL's Appendix A).</summary>
internal static class PgSqlState
{
    public const string SuccessfulCompletion = "00000";
    public const string ConnectionException = "08000";
    public const string ProtocolViolation = "08P01";
    public const string FeatureNotSupported = "0A000";
    public const string InvalidAuthorizationSpecification = "28000";
    public const string InvalidPassword = "28P01";
    public const string InvalidCatalogName = "3D000";
    public const string SyntaxError = "42601";
    public const string UndefinedTable = "42P01";
    public const string UndefinedParameter = "42P02";
    public const string UndefinedObject = "42704";
    public const string InsufficientPrivilege = "42501";
    public const string InvalidSqlStatementName = "26000";
    public const string InvalidCursorName = "34000";
    public const string UniqueViolation = "23505";
    public const string ForeignKeyViolation = "23503";
    public const string NotNullViolation = "23502";
    public const string CheckViolation = "23514";
    public const string InvalidTextRepresentation = "22P02";
    public const string InvalidBinaryRepresentation = "22P03";
    public const string ProgramLimitExceeded = "54000";
    public const string TooManyConnections = "53300";
    public const string QueryCanceled = "57014";
    public const string AdminShutdown = "57P01";
    public const string CannotConnectNow = "57P03";
    public const string IdleSessionTimeout = "57P05";
    public const string InternalError = "XX000";
    public const string DataException = "22000";
    public const string InFailedTransaction = "25P02";
    public const string IdleInTransactionTimeout = "25P03";
    public const string InvalidTransactionState = "25000";
    public const string NoActiveTransaction = "25P01";
    public const string BadCopyFileFormat = "22P04";
    public const string ConfigurationLimitExceeded = "53400";
    public const string SerializationFailure = "40001";

    /// <summary>
    /// lock_not_available: what the frontend answers for <c>admission.busy</c>. Not class 53, which Npgsql treats as a
    /// dying server and breaks the connection for, whatever the severity; Npgsql counts 55P03 as transient.
    /// </summary>
    public const string LockNotAvailable = "55P03";
}
