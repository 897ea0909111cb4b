using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Audit;

/// <summary>A key Data Protection adds to the ring of stored credentials is recorded as <c>key.changed</c> by <c>system</c>.</summary>
public sealed class KeyChangeAuditTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task The_first_key_of_a_silos_ring_is_recorded_with_its_id_and_no_key_material()
    {
        await using var services = new ServiceCollection().AddLogging()
            .AddDynamicDbDatabases(new ConfigurationBuilder().Build(), _root.Path).BuildServiceProvider();
        var secrets = services.GetRequiredService<SecretProtector>();
        var audit = services.GetRequiredService<IAuditLog>();

        secrets.WriteFile(Path.Combine(_root.Path, "password"), SecretPurposes.ManagedSuperuserPassword, "0123456789abcdef");

        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(_root.Path, SecretProtector.KeyRingFolderName), "key-*.xml"));
        IReadOnlyList<AuditRecord> rows = [];
        await Eventually.True(async () => (rows = await audit.ListAsync(new AuditQuery(Action: AuditActions.KeyChanged))).Count > 0, "the key.changed row");
        var row = Assert.Single(rows);
        Assert.Equal((AuditActions.SystemActor, KeyChangeAudit.Target, AuditResults.Ok), (row.Actor, row.Target, row.Result));
        Assert.Contains(Path.GetFileNameWithoutExtension(keyFile)["key-".Length..], row.Details);
        Assert.DoesNotContain("masterKey", row.Details, StringComparison.OrdinalIgnoreCase);
        Assert.True((await audit.VerifyAsync()).Intact);
    }
}
