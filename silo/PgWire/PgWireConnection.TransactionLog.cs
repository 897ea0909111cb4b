using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The log lines of the connection's transactions and COPY (silo event ids 4090–4094).</summary>
internal sealed partial class PgWireConnection
{
    [LoggerMessage(EventId = SiloEventIds.PgWireTransactionBegun, Level = LogLevel.Debug,
        Message = "PostgreSQL wire session of app '{App}' began transaction {TransactionId} on database '{Database}' (read-only {ReadOnly})")]
    private static partial void LogTransactionBegun(ILogger logger, string app, string database, string transactionId, bool readOnly);

    [LoggerMessage(EventId = SiloEventIds.PgWireTransactionEnded, Level = LogLevel.Debug,
        Message = "PostgreSQL wire session of app '{App}' ended transaction {TransactionId} on database '{Database}': {Outcome}")]
    private static partial void LogTransactionEnded(ILogger logger, string app, string database, string transactionId, string outcome);

    [LoggerMessage(EventId = SiloEventIds.PgWireRolledBackOnClose, Level = LogLevel.Information,
        Message = "PostgreSQL wire connection {Remote} of app '{App}' closed inside transaction {TransactionId} on database '{Database}': rolled back")]
    private static partial void LogRolledBackOnClose(ILogger logger, string app, string database, string transactionId, string remote);

    [LoggerMessage(EventId = SiloEventIds.PgWireRollbackOnCloseFailed, Level = LogLevel.Warning,
        Message = "PostgreSQL wire connection of app '{App}' closed inside transaction {TransactionId} on database '{Database}'; rolling it back failed (the database rolls it back after its idle timeout)")]
    private static partial void LogRollbackOnCloseFailed(ILogger logger, string app, string database, string transactionId, Exception exception);

    [LoggerMessage(EventId = SiloEventIds.PgWireCopyDone, Level = LogLevel.Debug,
        Message = "PostgreSQL wire COPY into {Table} of app '{App}' on database '{Database}': {Rows} rows")]
    private static partial void LogCopyDone(ILogger logger, string app, string database, string table, long rows);
}
