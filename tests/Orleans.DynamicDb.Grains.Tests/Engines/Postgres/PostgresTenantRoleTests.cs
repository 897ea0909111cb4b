using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>The life of a tenant role on a registered server: migration of older databases, drops, several silos.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantRoleTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private readonly List<IAsyncDisposable> _disposables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        _loggers.Dispose();
    }

    [Fact]
    public async Task A_database_created_before_tenant_roles_is_migrated_to_its_role_when_opened()
    {
        var name = DatabaseName.Create("legacy", "db_" + Guid.NewGuid().ToString("N")[..12]);
        await AdminAsync("postgres", $"CREATE DATABASE \"{name.FullName}\"");
        await AdminAsync(name.FullName, """
            CREATE SCHEMA app;
            CREATE TABLE app.items (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v TEXT);
            CREATE TABLE notes (id SERIAL PRIMARY KEY, v TEXT);
            CREATE SEQUENCE counter;
            CREATE VIEW item_view AS SELECT v FROM app.items;
            CREATE MATERIALIZED VIEW note_count AS SELECT COUNT(*) AS n FROM notes;
            CREATE TYPE mood AS ENUM ('ok', 'sad');
            CREATE DOMAIN positive AS INT CHECK (VALUE > 0);
            CREATE TYPE pair AS (a INT, b INT);
            CREATE FUNCTION app.twice(x INT) RETURNS INT LANGUAGE sql AS 'SELECT x * 2';
            CREATE TABLE events (at DATE) PARTITION BY RANGE (at);
            CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            INSERT INTO app.items (v) VALUES ('legacy row');
            INSERT INTO notes (v) VALUES ('legacy note');
            """);
        var engine = Engine();

        var connection = await OpenAsync(engine, name);
        var role = TenantRoles.RoleName(name.FullName);

        Assert.Equal(role, await AdminScalarAsync("postgres", $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{name.FullName}'"));
        var notOwned = await AdminScalarAsync(name.FullName, $"""
            SELECT string_agg(what, ', ') FROM (
                SELECT c.relname::text AS what FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('public', 'app') AND pg_get_userbyid(c.relowner) <> '{role}'
                UNION ALL SELECT nspname FROM pg_namespace WHERE nspname = 'app' AND pg_get_userbyid(nspowner) <> '{role}'
                UNION ALL SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'public' AND t.typtype IN ('d', 'e', 'c') AND pg_get_userbyid(t.typowner) <> '{role}'
                UNION ALL SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'app' AND pg_get_userbyid(p.proowner) <> '{role}') o
            """);
        Assert.Null(notOwned is DBNull ? null : notOwned);
        Assert.Equal(false, await AdminScalarAsync("postgres",
            $"SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a WHERE d.datname = '{name.FullName}' AND a.grantee = 0)"));

        // The tenant, as its own role, keeps using and changing everything it had.
        await connection.ExecAsync(Statement.Of("INSERT INTO app.items (v) VALUES (?)", "new row"));
        await connection.ExecAsync(new Statement("ALTER TABLE notes ADD COLUMN extra TEXT"));
        await connection.ExecAsync(new Statement("REFRESH MATERIALIZED VIEW note_count"));
        await connection.ExecAsync(new Statement("INSERT INTO notes (v) VALUES ('after')"));
        var rows = await connection.QueryAsync(new Statement("SELECT app.twice(COUNT(*)::int), nextval('counter') FROM item_view"));
        Assert.Equal<object?>([4L, 1L], rows.Rows[0]);
    }

    [Fact]
    public async Task Migration_is_idempotent_and_a_second_open_changes_nothing()
    {
        var name = DatabaseName.Create("legacy", "db_" + Guid.NewGuid().ToString("N")[..12]);
        await AdminAsync("postgres", $"CREATE DATABASE \"{name.FullName}\"");
        await AdminAsync(name.FullName, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')");
        var first = await OpenAsync(Engine(), name);
        await first.CloseAsync();

        var second = await OpenAsync(Engine(), name);

        Assert.Equal("kept", (await second.QueryAsync(new Statement("SELECT v FROM t"))).Rows[0][0]);
        Assert.Equal(1L, await AdminScalarAsync("postgres", $"SELECT COUNT(*) FROM dyndb.tenant_roles WHERE database_name = '{name.FullName}'"));
    }

    [Fact]
    public async Task Several_silos_opening_one_new_database_at_once_log_in_as_the_same_role_with_the_stored_password()
    {
        var name = DatabaseName.Create("shared", "db_" + Guid.NewGuid().ToString("N")[..12]);
        var silos = Enumerable.Range(0, 4).Select(_ => Engine()).ToList();

        var opened = await Task.WhenAll(silos.Select(silo => OpenAsync(silo, name)));
        await opened[0].ExecAsync(new Statement("CREATE TABLE t (v TEXT)"));
        await opened[1].ExecAsync(Statement.Of("INSERT INTO t VALUES (?)", "from two"));

        Assert.Equal("from two", (await opened[0].QueryAsync(new Statement("SELECT v FROM t"))).Rows[0][0]);
        foreach (var connection in opened)
        {
            Assert.Equal(TenantRoles.RoleName(name.FullName), (await connection.QueryAsync(new Statement("SELECT current_user"))).Rows[0][0]);
        }

        Assert.Equal(false, await AdminScalarAsync("postgres", "SELECT has_schema_privilege('public', 'dyndb', 'USAGE')"));
    }

    [Fact]
    public async Task Dropping_takes_the_role_along_without_login_and_the_next_open_gets_a_fresh_role()
    {
        var name = DatabaseName.Create("drop", "db_" + Guid.NewGuid().ToString("N")[..12]);
        var engine = Engine();
        var connection = await OpenAsync(engine, name);
        await connection.ExecAsync(new Statement("CREATE TABLE kept (v TEXT)"));
        await connection.CloseAsync();

        var dropped = await engine.DropAsync(name);
        var reopened = await OpenAsync(engine, name);

        var droppedRole = TenantRoles.RoleName(dropped);
        Assert.Equal(droppedRole, await AdminScalarAsync("postgres", $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{dropped}'"));
        Assert.Equal(false, await AdminScalarAsync("postgres", $"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{droppedRole}'"));
        Assert.Equal(TenantRoles.RoleName(name.FullName), (await reopened.QueryAsync(new Statement("SELECT current_user"))).Rows[0][0]);
        Assert.Equal(0L, (await reopened.QueryAsync(new Statement("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'kept'"))).Rows[0][0]);
    }

    [Fact]
    public async Task A_role_whose_attributes_were_widened_is_restricted_again_when_its_database_opens()
    {
        var name = DatabaseName.Create("widened", "db_" + Guid.NewGuid().ToString("N")[..12]);
        var connection = await OpenAsync(Engine(), name);
        await connection.CloseAsync();
        await AdminAsync("postgres", $"ALTER ROLE \"{TenantRoles.RoleName(name.FullName)}\" CREATEDB CREATEROLE");

        await OpenAsync(Engine(), name);

        Assert.Equal(false, await AdminScalarAsync("postgres", $"SELECT rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = '{TenantRoles.RoleName(name.FullName)}'"));
    }

    private PostgresEngine Engine()
    {
        var engine = new PostgresEngine(
            new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString },
            _loggers.CreateLogger<PostgresEngine>());
        _disposables.Add(engine);
        return engine;
    }

    private async Task<IDatabaseConnection> OpenAsync(IDatabaseEngine engine, DatabaseName name)
    {
        var connection = await engine.OpenAsync(name);
        _disposables.Add(connection);
        return connection;
    }

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
