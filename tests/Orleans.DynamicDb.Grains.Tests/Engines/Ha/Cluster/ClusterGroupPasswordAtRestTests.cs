using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Cluster;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;
using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Providers.Storage;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Cluster;

/// <summary>
/// The superuser password of a group spread over silos, in the group grain's state: stored encrypted, an earlier
/// version's plaintext state re-encrypted when the grain wakes, a state the key ring cannot read named, not reset.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClusterGroupPasswordAtRestTests : IAsyncLifetime
{
    private const string Plaintext = "00112233445566778899aabbccddeeff";
    private readonly TempDirectory _root = new();
    private InProcessTestCluster _cluster = null!;

    private string StorageFile => Path.Combine(_root.Path, "orleans.db");

    /// <summary>One silo with the product's grain storage (Orleans' ADO.NET storage on SQLite), so the state's bytes can be read.</summary>
    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddDynamicDbDatabases(silo.Configuration, _root.Path);
            silo.UseDynamicDbAdoNetStorage(o => o.SqlitePath = StorageFile);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task A_plaintext_state_of_an_earlier_version_is_re_encrypted_when_the_grain_wakes_and_still_answers_the_password()
    {
        var group = "g" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(group, Plaintext);

        var view = await _cluster.Client.GetGrain<IReplicationGroupGrain>(group).GetViewAsync();

        Assert.Equal(Plaintext, view!.Password);
        var stored = (await ReadAsync(group)).Password;
        Assert.StartsWith(SecretProtector.ValuePrefix, stored);
        Assert.DoesNotContain(Plaintext, RawRows());
        Assert.Contains(SecretProtector.ValuePrefix, RawRows());
        Assert.DoesNotContain(Plaintext, stored);
        var secrets = _cluster.Silos[0].ServiceProvider.GetRequiredService<SecretProtector>();
        Assert.Equal(Plaintext, secrets.Unprotect(SecretPurposes.ClusterGroupPassword, stored, "test"));
    }

    [Fact]
    public async Task A_state_another_key_ring_encrypted_fails_naming_the_group_and_the_ring_and_is_left_as_it_is()
    {
        var group = "g" + Guid.NewGuid().ToString("N")[..8];
        var otherRing = Path.Combine(_root.Path, "other-keys");
        var foreign = new SecretProtector(otherRing).Protect(SecretPurposes.ClusterGroupPassword, Plaintext);
        await SeedAsync(group, foreign);

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => _cluster.Client.GetGrain<IReplicationGroupGrain>(group).GetViewAsync());

        Assert.Equal(ErrorCodes.SecretUnreadable, error.ErrorCode);
        Assert.Contains($"replication group '{group}'", error.Message);
        Assert.Contains(Path.Combine(_root.Path, SecretProtector.KeyRingFolderName), error.Message);
        Assert.Equal(foreign, (await ReadAsync(group)).Password);
    }

    /// <summary>A group at rest: one primary on some silo, the password as <paramref name="password"/> says.</summary>
    private Task SeedAsync(string group, string password) => Storage.WriteStateAsync(StateName, GrainId(group), new GrainState<ReplicationGroupGrainState>(new ReplicationGroupGrainState
    {
        Layout = new ClusterLayout(group, 1, "m0", new List<PlacedMember> { new("m0", "127.0.0.1:1@1", "127.0.0.1", 1, MemberRole.Primary) }, null, null),
        Password = password,
    }));

    private async Task<ReplicationGroupGrainState> ReadAsync(string group)
    {
        var state = new GrainState<ReplicationGroupGrainState>(new ReplicationGroupGrainState());
        await Storage.ReadStateAsync(StateName, GrainId(group), state);
        return state.State ?? throw new InvalidOperationException($"No state stored for group {group}.");
    }

    private const string StateName = "hagroup";

    /// <summary>Every stored state's bytes as text (the password is ASCII whatever the serializer).</summary>
    private string RawRows()
    {
        using var connection = new SqliteConnection($"Data Source={StorageFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE PayloadBinary IS NOT NULL";
        using var reader = command.ExecuteReader();
        var text = new System.Text.StringBuilder();
        while (reader.Read())
        {
            text.Append(System.Text.Encoding.Latin1.GetString((byte[])reader[0]));
        }

        return text.ToString();
    }

    private IGrainStorage Storage => _cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    private GrainId GrainId(string group) => _cluster.Client.GetGrain<IReplicationGroupGrain>(group).GetGrainId();
}
