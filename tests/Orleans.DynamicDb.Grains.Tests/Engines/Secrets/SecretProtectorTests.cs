using System.Text;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Secrets;

/// <summary>Credential files written with Data Protection: no secret on disk, plaintext files migrated, a lost key ring named.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretProtectorTests : IDisposable
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string KeyRing => Path.Combine(_root.Path, "keys");

    private string File1 => Path.Combine(_root.Path, "password");

    [Fact]
    public void A_written_file_does_not_hold_the_secret_and_reads_back_owner_only()
    {
        var secrets = new SecretProtector(KeyRing);

        secrets.WriteFile(File1, SecretPurposes.ManagedSuperuserPassword, Secret);

        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(File.ReadAllBytes(File1)));
        Assert.StartsWith(SecretProtector.Header + "\n", File.ReadAllText(File1));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(File1));
        Assert.NotEmpty(Directory.GetFiles(KeyRing, "key-*.xml"));
        Assert.Equal(Secret, new SecretProtector(KeyRing).ReadFile(File1, SecretPurposes.ManagedSuperuserPassword));
    }

    [Fact]
    public void An_older_plaintext_file_is_read_and_rewritten_encrypted()
    {
        File.WriteAllText(File1, Secret + "\n");
        var migrated = new List<string>();

        var read = new SecretProtector(KeyRing).ReadFile(File1, SecretPurposes.ReplicationGroupPassword, migrated.Add);

        Assert.Equal(Secret, read);
        Assert.Equal([File1], migrated);
        Assert.True(SecretProtector.IsProtected(File1));
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(File.ReadAllBytes(File1)));
        Assert.Equal(Secret, new SecretProtector(KeyRing).ReadFile(File1, SecretPurposes.ReplicationGroupPassword, migrated.Add));
        Assert.Single(migrated);
    }

    [Fact]
    public void A_file_whose_key_ring_is_missing_fails_naming_the_file_and_the_key_ring_folder()
    {
        new SecretProtector(KeyRing).WriteFile(File1, SecretPurposes.ManagedSuperuserPassword, Secret);
        Directory.Delete(KeyRing, recursive: true);

        var error = Assert.Throws<DynamicDbException>(() => new SecretProtector(KeyRing).ReadFile(File1, SecretPurposes.ManagedSuperuserPassword));

        Assert.Equal(ErrorCodes.SecretUnreadable, error.ErrorCode);
        Assert.Contains($"'{File1}'", error.Message);
        Assert.Contains($"'{KeyRing}'", error.Message);
        Assert.Contains("docs/security.md", error.Message);
    }

    [Fact]
    public void A_secret_protected_for_one_purpose_does_not_read_as_another()
    {
        var secrets = new SecretProtector(KeyRing);
        secrets.WriteFile(File1, SecretPurposes.ManagedSuperuserPassword, Secret);

        var error = Assert.Throws<DynamicDbException>(() => secrets.ReadFile(File1, SecretPurposes.ReplicationGroupPassword));

        Assert.Equal(ErrorCodes.SecretUnreadable, error.ErrorCode);
    }
}
