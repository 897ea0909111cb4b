using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Audit;

/// <summary>The audit log's log lines (event ids 2470–2489).</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = EventIds.AuditAppended, Level = LogLevel.Information,
        Message = "Audit row {Seq}: {Actor} {Action} {Target} -> {Result}")]
    public static partial void Appended(ILogger logger, long seq, string actor, string action, string target, string result);

    [LoggerMessage(EventId = EventIds.AuditAppendFailed, Level = LogLevel.Error,
        Message = "The audit row of {Actor} {Action} {Target} -> {Result} could not be written to the catalog's dyndb_audit")]
    public static partial void AppendFailed(ILogger logger, Exception exception, string actor, string action, string target, string result);

    [LoggerMessage(EventId = EventIds.AuditChainBroken, Level = LogLevel.Warning,
        Message = "The audit chain is broken at row {Seq} ({Reason}) after {RowsChecked} rows checked")]
    public static partial void ChainBroken(ILogger logger, long seq, string reason, long rowsChecked);
}
