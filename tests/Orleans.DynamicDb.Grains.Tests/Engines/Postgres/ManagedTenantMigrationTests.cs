using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>An instance whose database was created before tenant roles (everything owned by its superuser) is migrated when it wakes.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ManagedTenantMigrationTests(ManagedPostgresFixture fixture, ITestOutputHelper output) : IClassFixture<ManagedPostgresFixture>, IAsyncLifetime
{
    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private ManagedPostgresEngine _engine = null!;

    public Task InitializeAsync()
    {
        _engine = new ManagedPostgresEngine(fixture.Options("migration"), _loggers.CreateLogger<ManagedPostgresEngine>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _loggers.Dispose();
    }

    [Fact]
    public async Task An_instance_from_before_tenant_roles_is_migrated_to_its_role_when_it_wakes()
    {
        var name = DatabaseName.Create("legacy", "db_" + Guid.NewGuid().ToString("N")[..12]);
        var role = TenantRoles.RoleName(name.FullName);
        var first = await _engine.OpenAsync(name);
        await first.ExecAsync(new Statement("CREATE TABLE notes (id SERIAL PRIMARY KEY, v TEXT)"));
        await first.ExecAsync(Statement.Of("INSERT INTO notes (v) VALUES (?)", "before the upgrade"));
        // Turn it into what an older version left: everything owned by the superuser, open to PUBLIC, no tenant role.
        await AdminAsync(name, name.FullName, "ALTER TABLE notes OWNER TO postgres");
        await AdminAsync(name, "postgres", $"""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}';
            ALTER DATABASE "{name.FullName}" OWNER TO postgres;
            GRANT CONNECT, TEMPORARY ON DATABASE "{name.FullName}" TO PUBLIC;
            DROP ROLE "{role}";
            DROP SCHEMA dyndb CASCADE;
            """);
        await first.CloseAsync();

        var woken = await _engine.OpenAsync(name);
        await using var wokenScope = woken;

        Assert.Equal(role, (await woken.QueryAsync(new Statement("SELECT current_user"))).Rows[0][0]);
        await woken.ExecAsync(Statement.Of("INSERT INTO notes (v) VALUES (?)", "after the upgrade"));
        await woken.ExecAsync(new Statement("ALTER TABLE notes ADD COLUMN extra TEXT"));
        Assert.Equal(2L, (await woken.QueryAsync(new Statement("SELECT COUNT(*) FROM notes"))).Rows[0][0]);
        Assert.Equal(role, await AdminScalarAsync(name, name.FullName, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'notes'"));
        Assert.Equal(false, await AdminScalarAsync(name, "postgres",
            $"SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = '{name.FullName}' AND a.grantee = 0)"));
    }

    private string AdminConnectionString(DatabaseName name, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _engine.RunningInstances[name.FullName],
        Username = "postgres",
        Password = Orleans.DynamicDb.Engines.Secrets.SecretProtector.ForDataDirectory(fixture.DataDirectory)
            .ReadFile(Path.Combine(fixture.DataDirectory, name.FullName, ManagedPostgresEngine.ClusterFolderName, "dyndb_password"), Orleans.DynamicDb.Engines.Secrets.SecretPurposes.ManagedSuperuserPassword),
        Database = database,
        Pooling = false,
    }.ConnectionString;

    private async Task AdminAsync(DatabaseName name, string database, string sql)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString(name, database));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> AdminScalarAsync(DatabaseName name, string database, string sql)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString(name, database));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        return await command.ExecuteScalarAsync();
    }
}
