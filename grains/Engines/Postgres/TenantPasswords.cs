using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Engines.Secrets;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// How one engine keeps its tenant roles' passwords in <c>dyndb.tenant_roles</c>: encrypted with Data Protection
/// (<see cref="SecretPurposes.TenantRolePassword"/>), so the maintenance database holds no password a reader of the
/// table could log in with. A row an earlier version wrote in plaintext is read as it is and re-encrypted.
/// </summary>
internal sealed class TenantPasswords(SecretProtector secrets, string engineId, ILogger logger)
{
    /// <summary>The key ring's description, for messages.</summary>
    public string KeyRing => secrets.KeyRing;

    /// <summary>The engine whose server holds the table.</summary>
    public string EngineId => engineId;

    /// <summary>The value to store for <paramref name="password"/>.</summary>
    public string Protect(string password) => secrets.Protect(SecretPurposes.TenantRolePassword, password);

    /// <summary>The password of <paramref name="role"/> in a stored <paramref name="value"/> (protected, or plaintext from an earlier version).</summary>
    /// <exception cref="Errors.DynamicDbException"><c>secret.unreadable</c> naming the database, the engine and the key ring.</exception>
    public string Read(string value, string role, string database) => SecretProtector.IsProtectedValue(value)
        ? secrets.Unprotect(SecretPurposes.TenantRolePassword, value,
            $"The password of tenant role {role} of database {database} (table dyndb.tenant_roles of engine '{engineId}')")
        : value;

    /// <summary>Logs that the plaintext password of <paramref name="role"/> was re-encrypted.</summary>
    public void Migrated(string role, string database) => SecretLog.TenantPasswordMigrated(logger, role, database, secrets.KeyRing);

    /// <summary>Logs that <paramref name="count"/> plaintext passwords were re-encrypted by the start-up pass.</summary>
    public void MigratedAll(int count) => SecretLog.TenantPasswordsMigrated(logger, count, engineId, secrets.KeyRing);
}
