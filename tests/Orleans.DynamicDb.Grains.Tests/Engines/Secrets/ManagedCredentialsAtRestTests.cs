using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Secrets;

/// <summary>
/// The superuser passwords of <c>postgres-managed</c> instances at rest, on real PostgreSQL instances: encrypted in the
/// cluster folder and the template, read back by a new engine (a restarted silo), an older plaintext file migrated on
/// start, and a missing key ring answered with an error naming the file and the ring.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ManagedCredentialsAtRestTests(ManagedPostgresFixture fixture) : IClassFixture<ManagedPostgresFixture>
{
    private static DatabaseName NewName() => DatabaseName.Create("test", "db_" + Guid.NewGuid().ToString("N")[..16]);

    private ManagedPostgresEngine Engine(SecretProtector secrets) =>
        new(fixture.Options(), NullLogger<ManagedPostgresEngine>.Instance, secrets: secrets);

    private string PasswordFile(DatabaseName name) => Path.Combine(fixture.DataDirectory, name.FullName, ManagedPostgresEngine.ClusterFolderName, TemplateCluster.PasswordFileName);

    private string KeyRing => Path.Combine(fixture.DataDirectory, SecretProtector.KeyRingFolderName);

    [Fact]
    public async Task The_password_file_holds_no_password_and_a_new_engine_starts_the_instance_from_it()
    {
        var name = NewName();
        var secrets = SecretProtector.ForKeyRing(KeyRing);
        await using (var first = Engine(secrets))
        {
            var connection = await first.OpenAsync(name);
            await connection.ExecAsync(new Statement("CREATE TABLE t (n INTEGER)"));
            await connection.ExecAsync(new Statement("INSERT INTO t VALUES (7)"));
            await connection.CloseAsync();
        }

        var password = secrets.ReadFile(PasswordFile(name), SecretPurposes.ManagedSuperuserPassword);
        Assert.Equal(32, password.Length);
        Assert.DoesNotContain(password, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(PasswordFile(name))));
        var template = Directory.GetDirectories(Path.Combine(fixture.DataDirectory, ".templates")).Single();
        Assert.True(SecretProtector.IsProtected(Path.Combine(template, TemplateCluster.PasswordFileName)));

        await using var restarted = Engine(new SecretProtector(KeyRing));
        var again = await restarted.OpenAsync(name);
        var rows = await again.QueryAsync(new Statement("SELECT n FROM t"));
        Assert.Equal(7L, Convert.ToInt64(rows.Rows.Single()[0], System.Globalization.CultureInfo.InvariantCulture));
        await again.CloseAsync();
    }

    [Fact]
    public async Task An_older_plaintext_password_file_is_rewritten_encrypted_when_the_engine_starts_and_still_opens()
    {
        var name = NewName();
        var secrets = SecretProtector.ForKeyRing(KeyRing);
        await using (var first = Engine(secrets))
        {
            await (await first.OpenAsync(name)).CloseAsync();
        }

        var password = secrets.ReadFile(PasswordFile(name), SecretPurposes.ManagedSuperuserPassword);
        await File.WriteAllTextAsync(PasswordFile(name), password);

        await using var upgraded = Engine(secrets);

        Assert.True(SecretProtector.IsProtected(PasswordFile(name)), "migrated when the engine was built, before any open");
        Assert.DoesNotContain(password, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(PasswordFile(name))));
        await (await upgraded.OpenAsync(name)).CloseAsync();
    }

    [Fact]
    public async Task A_database_whose_key_ring_is_missing_fails_to_open_naming_the_password_file_and_the_key_ring()
    {
        // A data directory of its own: its template and instances are encrypted with its own ring only.
        using var data = new TempDirectory();
        var options = fixture.Options();
        options.DataDirectory = data.Path;
        var ring = Path.Combine(data.Path, SecretProtector.KeyRingFolderName);
        var name = NewName();
        await using (var first = new ManagedPostgresEngine(options, NullLogger<ManagedPostgresEngine>.Instance, secrets: new SecretProtector(ring)))
        {
            await (await first.OpenAsync(name)).CloseAsync();
        }

        Directory.Delete(ring, recursive: true);
        await using var lost = new ManagedPostgresEngine(options, NullLogger<ManagedPostgresEngine>.Instance, secrets: new SecretProtector(ring));

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => lost.OpenAsync(name));

        Assert.Equal(ErrorCodes.SecretUnreadable, error.ErrorCode);
        Assert.Contains(Path.Combine(data.Path, name.FullName, ManagedPostgresEngine.ClusterFolderName, TemplateCluster.PasswordFileName), error.Message);
        Assert.Contains(ring, error.Message);
    }
}
