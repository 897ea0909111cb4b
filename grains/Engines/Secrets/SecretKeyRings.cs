using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>
/// Chooses the key ring of a silo's stored credentials: the folder <c>DynamicDb:KeyRingDirectory</c> names when it is set;
/// otherwise the catalog table <c>dyndb_data_protection_keys</c> when the catalog is a PostgreSQL database the silos of a
/// cluster share (tenant role passwords and replication group state are read by every silo, so they need one ring);
/// otherwise the folder <c>{DataDirectory}/keys</c> (an embedded SQLite catalog belongs to one silo).
/// </summary>
internal static class SecretKeyRings
{
    /// <summary>The catalog provider whose catalog is shared by the silos of a cluster.</summary>
    public const string SharedCatalogInvariant = "Npgsql";

    /// <summary>
    /// The protector of a silo. <paramref name="configuredDirectory"/>: the absolute folder <c>DynamicDb:KeyRingDirectory</c>
    /// names, or null. <paramref name="defaultDirectory"/>: <c>{DataDirectory}/keys</c>, whose keys (an earlier version's
    /// ring) are copied into the catalog ring the first time it is read, so what they encrypted still decrypts.
    /// </summary>
    public static SecretProtector Create(
        string? configuredDirectory, string defaultDirectory, string catalogInvariant, string catalogConnectionString, TimeProvider time, ILogger logger)
    {
        if (configuredDirectory is not null)
        {
            return SecretProtector.ForKeyRing(configuredDirectory);
        }

        if (!string.Equals(catalogInvariant, SharedCatalogInvariant, StringComparison.Ordinal))
        {
            return SecretProtector.ForKeyRing(defaultDirectory);
        }

        var repository = new CatalogKeyRepository(catalogInvariant, catalogConnectionString, time);
        return new SecretProtector(repository, CatalogKeyRepository.Description, () =>
        {
            var imported = repository.ImportDirectory(defaultDirectory);
            if (imported > 0)
            {
                SecretLog.KeyRingImported(logger, imported, defaultDirectory, CatalogKeyRepository.Description);
            }
        });
    }
}
