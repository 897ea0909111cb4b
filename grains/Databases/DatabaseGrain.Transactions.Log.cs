using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Databases;

internal sealed partial class DatabaseGrain
{
    [LoggerMessage(EventId = EventIds.TransactionOpened, Level = LogLevel.Debug, Message = "Transaction opened database={Database} transaction={TransactionId} session={SessionId} read_only={ReadOnly} idle_timeout_s={IdleTimeoutSeconds}")]
    private partial void LogTransactionOpened(string database, string transactionId, string sessionId, bool readOnly, double idleTimeoutSeconds);

    [LoggerMessage(EventId = EventIds.TransactionEnded, Level = LogLevel.Debug, Message = "Transaction ended database={Database} transaction={TransactionId} outcome={Outcome} reason={Reason} statements={Statements} elapsed_ms={ElapsedMs:F1}")]
    private partial void LogTransactionEnded(string database, string transactionId, string outcome, string reason, int statements, double elapsedMs);

    [LoggerMessage(EventId = EventIds.TransactionAborted, Level = LogLevel.Information, Message = "Transaction rolled back by the platform database={Database} transaction={TransactionId} session={SessionId} reason={Reason}: {Detail}")]
    private partial void LogTransactionAborted(string database, string transactionId, string sessionId, string reason, string detail);

    [LoggerMessage(EventId = EventIds.TransactionRollbackFailed, Level = LogLevel.Warning, Message = "Rolling back transaction={TransactionId} of database={Database} failed; its connection was let go (the server ends it)")]
    private partial void LogTransactionRollbackFailed(string database, string transactionId, Exception exception);

    [LoggerMessage(EventId = EventIds.StatementGateDrained, Level = LogLevel.Information, Message = "Statements drained for an exclusive operation database={Database} operation={Operation} in_flight={InFlight} transactions_rolled_back={Aborted} drained={Drained} elapsed_ms={ElapsedMs:F1}")]
    private partial void LogGateDrained(string database, string operation, int inFlight, int aborted, bool drained, double elapsedMs);
}
