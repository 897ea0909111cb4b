using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>The log lines of credentials at rest (event ids 2480–2489 and 2530–2549).</summary>
internal static partial class SecretLog
{
    [LoggerMessage(EventId = EventIds.SecretFileMigrated, Level = LogLevel.Information,
        Message = "The plaintext credential file {File} was rewritten encrypted with the Data Protection key ring in {KeyRing}")]
    public static partial void FileMigrated(ILogger logger, string file, string keyRing);

    [LoggerMessage(EventId = EventIds.SecretMigrationFailed, Level = LogLevel.Warning,
        Message = "The plaintext credential file {File} could not be rewritten encrypted; it is left as it is")]
    public static partial void MigrationFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(EventId = EventIds.SecretKeyRingImported, Level = LogLevel.Information,
        Message = "{Count} Data Protection keys of the folder ring {Directory} were copied into the shared key ring {KeyRing}")]
    public static partial void KeyRingImported(ILogger logger, int count, string directory, string keyRing);

    [LoggerMessage(EventId = EventIds.SecretTenantPasswordsMigrated, Level = LogLevel.Information,
        Message = "{Count} plaintext tenant role passwords in dyndb.tenant_roles of engine {EngineId} were re-encrypted with the Data Protection key ring in {KeyRing}")]
    public static partial void TenantPasswordsMigrated(ILogger logger, int count, string engineId, string keyRing);

    [LoggerMessage(EventId = EventIds.SecretTenantPasswordMigrated, Level = LogLevel.Information,
        Message = "The plaintext password of tenant role {Role} (database {DatabaseId}) was re-encrypted with the Data Protection key ring in {KeyRing}")]
    public static partial void TenantPasswordMigrated(ILogger logger, string role, string databaseId, string keyRing);

    [LoggerMessage(EventId = EventIds.SecretGroupStateMigrated, Level = LogLevel.Information,
        Message = "The plaintext superuser password in the grain state of replication group {Group} was re-encrypted with the Data Protection key ring in {KeyRing}")]
    public static partial void GroupStateMigrated(ILogger logger, string group, string keyRing);

    [LoggerMessage(EventId = EventIds.SecretPassFileRemoved, Level = LogLevel.Information,
        Message = "The libpq password file {File} an earlier version wrote was removed: the tools now get the password in their environment")]
    public static partial void PassFileRemoved(ILogger logger, string file);

    [LoggerMessage(EventId = EventIds.SecretLayoutMigrated, Level = LogLevel.Information,
        Message = "The primary_conninfo password an earlier version recorded in clear in {File} was rewritten encrypted with the Data Protection key ring in {KeyRing}")]
    public static partial void LayoutMigrated(ILogger logger, string file, string keyRing);
}
