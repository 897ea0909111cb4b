using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Audit;

/// <summary>
/// Records in the audit log each key Data Protection adds to the ring that encrypts stored credentials (action
/// <c>key.changed</c>, actor <c>system</c>, target <c>data-protection</c>, details: the key's id and the ring's folder).
/// API keys come only from configuration, so this is the key change the silo itself makes. The row is written in the
/// background: a failure is logged and counted by the audit log and never fails the write that created the key.
/// </summary>
public static class KeyChangeAudit
{
    /// <summary>The target of the rows.</summary>
    public const string Target = "data-protection";

    /// <summary>Appends a row to <paramref name="audit"/> for every key <paramref name="secrets"/> creates from now on.</summary>
    public static void Attach(SecretProtector secrets, IAuditLog audit)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(audit);
        secrets.KeyCreated += id => _ = RecordAsync(audit, secrets.KeyRing, id);
    }

    private static async Task RecordAsync(IAuditLog audit, string keyRing, Guid keyId)
    {
        try
        {
            await audit.AppendAsync(new AuditEntry(AuditActions.SystemActor, AuditActions.KeyChanged, Target, AuditResults.Ok,
                new Dictionary<string, string> { ["key_id"] = keyId.ToString("D"), ["key_ring"] = keyRing, ["change"] = "created" })).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.AuditUnavailable)
        {
            // Logged and counted by the audit log.
        }
    }
}
