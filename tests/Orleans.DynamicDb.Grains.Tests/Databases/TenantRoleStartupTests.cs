using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>
/// The silo's start-up pass moves every catalog database of a registered PostgreSQL server to its tenant role, without
/// waking the database: a legacy database never opened since the upgrade is not left open to PUBLIC.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantRoleStartupTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_legacy_database_in_the_catalog_is_owned_by_its_tenant_role_and_closed_to_public_once_the_silo_has_started()
    {
        var name = DatabaseName.Create("legacy", "db_" + Guid.NewGuid().ToString("N")[..12]);
        await AdminAsync("postgres", $"CREATE DATABASE \"{name.FullName}\"");
        await AdminAsync(name.FullName, "CREATE TABLE secret (v TEXT); INSERT INTO secret VALUES ('kept')");
        await RegisterAsync(name, DatabaseStatus.Hibernated);
        Assert.True(await PublicCanConnectAsync(name), "the legacy database starts open to PUBLIC");

        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, Settings());

        var role = TenantRoles.RoleName(name.FullName);
        Assert.Equal(role, await AdminScalarAsync("postgres", $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{name.FullName}'"));
        Assert.False(await PublicCanConnectAsync(name), "PUBLIC keeps CONNECT or TEMPORARY on the legacy database");
        Assert.Equal(role, await AdminScalarAsync(name.FullName, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'secret'"));
        Assert.Equal("kept", await AdminScalarAsync(name.FullName, "SELECT v FROM secret"));

        // No database grain woke for it: the catalog still says hibernated.
        var entry = await Catalog(cluster).GetAsync(name.App, name.Database);
        Assert.Equal(DatabaseStatus.Hibernated, entry!.Status);
    }

    [Fact]
    public async Task A_database_that_cannot_be_migrated_is_logged_and_the_silo_starts_with_the_others_migrated()
    {
        var broken = DatabaseName.Create("legacy", "broken_" + Guid.NewGuid().ToString("N")[..12]);
        var healthy = DatabaseName.Create("legacy", "ok_" + Guid.NewGuid().ToString("N")[..12]);
        await AdminAsync("postgres", $"CREATE DATABASE \"{broken.FullName}\"");
        await AdminAsync("postgres", $"CREATE DATABASE \"{healthy.FullName}\"");

        // The role name of the broken database is taken by another database's record: the pass must refuse to share it.
        await AdminAsync("postgres", """
            CREATE SCHEMA IF NOT EXISTS dyndb;
            CREATE TABLE IF NOT EXISTS dyndb.tenant_roles (role_name text PRIMARY KEY, database_name text NOT NULL, password text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            """);
        await AdminAsync("postgres", $"INSERT INTO dyndb.tenant_roles (role_name, database_name, password) VALUES ('{TenantRoles.RoleName(broken.FullName)}', 'someone_else', 'x')");
        await RegisterAsync(broken, DatabaseStatus.Hibernated);
        await RegisterAsync(healthy, DatabaseStatus.Hibernated);

        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, Settings());

        Assert.True(await PublicCanConnectAsync(broken), "the broken database was left as it was");
        Assert.False(await PublicCanConnectAsync(healthy), "the healthy database was migrated despite the broken one");
        Assert.Equal(TenantRoles.RoleName(healthy.FullName),
            await AdminScalarAsync("postgres", $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{healthy.FullName}'"));
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["DynamicDb:Engines:0:Id"] = "pg",
        ["DynamicDb:Engines:0:Kind"] = "postgres",
        ["DynamicDb:Engines:0:ConnectionString"] = postgres.Server.ConnectionString,
    };

    private static IDatabaseCatalog Catalog(DatabaseTestCluster cluster) => cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();

    private async Task RegisterAsync(DatabaseName name, string status)
    {
        using var catalog = new AdoNetDatabaseCatalog("Microsoft.Data.Sqlite", $"Data Source={Path.Combine(_root.Path, "silo", "catalog.db")}");
        await catalog.StartAsync();
        var at = DateTimeOffset.UtcNow;
        await catalog.UpsertAsync(new DatabaseInfo(name.App, name.Database, "pg", status, at, at, null));
    }

    private async Task<bool> PublicCanConnectAsync(DatabaseName name) => (bool)(await AdminScalarAsync("postgres", $"""
        SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                       WHERE d.datname = '{name.FullName}' AND a.grantee = 0 AND a.privilege_type IN ('CONNECT', 'TEMPORARY'))
        """))!;

    private async Task AdminAsync(string database, string sql)
    {
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionStringFor(database));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> AdminScalarAsync(string database, string sql)
    {
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionStringFor(database));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        return await command.ExecuteScalarAsync();
    }
}
