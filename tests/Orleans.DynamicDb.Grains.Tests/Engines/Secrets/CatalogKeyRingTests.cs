using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Secrets;

/// <summary>
/// The key ring kept in the catalog database (<c>dyndb_data_protection_keys</c>): silos that share a PostgreSQL catalog
/// read each other's secrets, an older folder ring is carried over, a missing ring is named, SQLite catalogs work too.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CatalogKeyRingTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private readonly TempDirectory _root = new();
    private string _catalog = "";

    public async Task InitializeAsync() => _catalog = await postgres.Server.CreateDatabaseAsync("keyring");

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        _loggers.Dispose();
        _root.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_silos_sharing_a_postgres_catalog_use_its_ring_and_read_each_others_tenant_passwords()
    {
        await using var silo1 = Silo("silo1");
        await using var silo2 = Silo("silo2");
        var secrets1 = silo1.GetRequiredService<SecretProtector>();
        var secrets2 = silo2.GetRequiredService<SecretProtector>();
        Assert.Equal(CatalogKeyRepository.Description, secrets1.KeyRing);
        Assert.Null(secrets1.KeyRingDirectory);

        var name = DatabaseName.Create("ring", "db_" + Guid.NewGuid().ToString("N")[..12]);
        await using (var engine1 = Engine(secrets1))
        {
            await using var connection = await engine1.OpenAsync(name);
            await connection.ExecAsync(new Statement("CREATE TABLE t (v TEXT)", []));
            await connection.ExecAsync(new Statement("INSERT INTO t VALUES ('from silo1')", []));
        }

        await using var engine2 = Engine(secrets2);
        await using var opened = await engine2.OpenAsync(name);
        Assert.Equal("from silo1", (await opened.QueryAsync(new Statement("SELECT v FROM t", []))).Rows[0][0]);
        Assert.Equal(Secret, secrets1.Unprotect(SecretPurposes.ClusterGroupPassword, secrets2.Protect(SecretPurposes.ClusterGroupPassword, Secret), "test"));
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "silo1", SecretProtector.KeyRingFolderName)), "no folder ring beside the catalog ring");
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "silo2", SecretProtector.KeyRingFolderName)), "no folder ring beside the catalog ring");
        var keys = Count(_catalog, $"SELECT count(*)::int FROM {CatalogKeyRepository.TableName} WHERE xml LIKE '%<masterKey%'");
        Assert.True(keys >= 1, "the keys are rows of the catalog table");
    }

    [Fact]
    public void A_key_another_silo_added_after_this_one_read_the_ring_is_found()
    {
        var early = CatalogRing(Path.Combine(_root.Path, "early"));
        var stale = early.Protect(SecretPurposes.TenantRolePassword, "warm-up");
        // The key 'early' made is not in the table when 'late' reads it (as if both had read an empty ring at once).
        Execute(_catalog, $"DELETE FROM {CatalogKeyRepository.TableName}");
        var late = CatalogRing(Path.Combine(_root.Path, "late"));

        var written = late.Protect(SecretPurposes.TenantRolePassword, Secret);

        Assert.Equal(Secret, early.Unprotect(SecretPurposes.TenantRolePassword, written, "test"));
        Assert.StartsWith(SecretProtector.ValuePrefix, stale);
    }

    [Fact]
    public void The_keys_of_an_earlier_folder_ring_are_copied_into_the_catalog_ring_so_its_files_still_decrypt()
    {
        var data = Path.Combine(_root.Path, "upgraded");
        var file = Path.Combine(_root.Path, "password");
        new SecretProtector(Path.Combine(data, SecretProtector.KeyRingFolderName)).WriteFile(file, SecretPurposes.ReplicationGroupPassword, Secret);

        var catalog = CatalogRing(data);

        Assert.Equal(Secret, catalog.ReadFile(file, SecretPurposes.ReplicationGroupPassword));
        Assert.Equal(1, Count(_catalog, $"SELECT count(*)::int FROM {CatalogKeyRepository.TableName}"));
        Assert.Equal(Secret, CatalogRing(Path.Combine(_root.Path, "elsewhere")).ReadFile(file, SecretPurposes.ReplicationGroupPassword));
    }

    [Fact]
    public void A_secret_whose_catalog_ring_is_gone_fails_naming_the_ring_table()
    {
        var value = CatalogRing(Path.Combine(_root.Path, "first")).Protect(SecretPurposes.TenantRolePassword, Secret);
        Execute(_catalog, $"DELETE FROM {CatalogKeyRepository.TableName}");

        var error = Assert.Throws<DynamicDbException>(() =>
            CatalogRing(Path.Combine(_root.Path, "second")).Unprotect(SecretPurposes.TenantRolePassword, value, "The password of tenant role r of database x"));

        Assert.Equal(ErrorCodes.SecretUnreadable, error.ErrorCode);
        Assert.Contains("database x", error.Message);
        Assert.Contains(CatalogKeyRepository.TableName, error.Message);
        Assert.Contains("docs/security.md", error.Message);
    }

    [Fact]
    public void A_sqlite_catalog_keeps_the_ring_in_its_table_too()
    {
        var connectionString = $"Data Source={Path.Combine(_root.Path, "catalog.db")}";
        var value = new SecretProtector(new CatalogKeyRepository("Microsoft.Data.Sqlite", connectionString), CatalogKeyRepository.Description)
            .Protect(SecretPurposes.TenantRolePassword, Secret);

        var reread = new SecretProtector(new CatalogKeyRepository("Microsoft.Data.Sqlite", connectionString), CatalogKeyRepository.Description);

        Assert.Equal(Secret, reread.Unprotect(SecretPurposes.TenantRolePassword, value, "test"));
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {CatalogKeyRepository.TableName} WHERE name LIKE 'key-%' AND created > 0";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task An_embedded_catalog_uses_the_folder_ring_and_the_key_ring_directory_setting_overrides_a_shared_catalog()
    {
        await using (var embedded = new ServiceCollection().AddLogging()
            .AddDynamicDbDatabases(new ConfigurationBuilder().Build(), Path.Combine(_root.Path, "embedded")).BuildServiceProvider())
        {
            Assert.Equal(Path.Combine(_root.Path, "embedded", SecretProtector.KeyRingFolderName), embedded.GetRequiredService<SecretProtector>().KeyRingDirectory);
        }

        await using var overridden = Silo("overridden", ("DynamicDb:KeyRingDirectory", "my-keys"));
        Assert.Equal(Path.Combine(_root.Path, "overridden", "my-keys"), overridden.GetRequiredService<SecretProtector>().KeyRingDirectory);
    }

    private ServiceProvider Silo(string folder, params (string Key, string Value)[] settings) => new ServiceCollection().AddLogging()
        .AddDynamicDbDatabases(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{DatabaseOptions.SectionName}:CatalogInvariant"] = "Npgsql",
                [$"{DatabaseOptions.SectionName}:CatalogConnectionString"] = _catalog,
            }.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))).Build(),
            Path.Combine(_root.Path, folder))
        .BuildServiceProvider();

    private SecretProtector CatalogRing(string dataDirectory) => SecretKeyRings.Create(
        null, Path.Combine(dataDirectory, SecretProtector.KeyRingFolderName), "Npgsql", _catalog, TimeProvider.System, NullLogger.Instance);

    private PostgresEngine Engine(SecretProtector secrets) => new(
        new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString },
        _loggers.CreateLogger<PostgresEngine>(), secrets: secrets);

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static int Count(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (int)command.ExecuteScalar()!;
    }
}
