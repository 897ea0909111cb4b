using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>The log lines of credentials at rest (event ids 2480–2489).</summary>
internal static partial class SecretLog
{
    [LoggerMessage(EventId = EventIds.SecretFileMigrated, Level = LogLevel.Information,
        Message = "The plaintext credential file {File} was rewritten encrypted with the Data Protection key ring in {KeyRing}")]
    public static partial void FileMigrated(ILogger logger, string file, string keyRing);

    [LoggerMessage(EventId = EventIds.SecretMigrationFailed, Level = LogLevel.Warning,
        Message = "The plaintext credential file {File} could not be rewritten encrypted; it is left as it is")]
    public static partial void MigrationFailed(ILogger logger, Exception exception, string file);
}
