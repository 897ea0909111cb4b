using Orleans.DynamicDb.Engines.Secrets;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>The instances' superuser passwords at rest: encrypted with Data Protection (<see cref="SecretProtector"/>).</summary>
public sealed partial class ManagedPostgresEngine
{
    /// <summary>The superuser password of the instance in <paramref name="cluster"/> (a plaintext file is rewritten encrypted).</summary>
    private string ReadPassword(string cluster) =>
        Secrets.ReadFile(Path.Combine(cluster, TemplateCluster.PasswordFileName), SecretPurposes.ManagedSuperuserPassword, Migrated);

    /// <summary>
    /// Rewrites encrypted every plaintext password file an older version left: the template's and each database's
    /// (<c>{DataDirectory}/.templates/pg*/</c>, <c>{DataDirectory}/{app}_{database}/{cluster}/</c>). A file that cannot be
    /// read here is left as it is: opening its database answers the error.
    /// </summary>
    private void MigratePasswordFiles()
    {
        if (!Directory.Exists(DataDirectory))
        {
            return;
        }

        var candidates = Directory.EnumerateDirectories(DataDirectory)
            .SelectMany(folder => new[] { Path.Combine(folder, ClusterFolderName) }.Concat(Path.GetFileName(folder) == ".templates" ? Directory.EnumerateDirectories(folder) : []))
            .Select(cluster => Path.Combine(cluster, TemplateCluster.PasswordFileName));
        foreach (var file in candidates)
        {
            try
            {
                if (File.Exists(file) && !SecretProtector.IsProtected(file))
                {
                    Secrets.ReadFile(file, SecretPurposes.ManagedSuperuserPassword, Migrated);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Errors.DynamicDbException)
            {
                SecretLog.MigrationFailed(_logger, e, file);
            }
        }
    }

    private void Migrated(string file) => SecretLog.FileMigrated(_logger, file, Secrets.KeyRing);
}
