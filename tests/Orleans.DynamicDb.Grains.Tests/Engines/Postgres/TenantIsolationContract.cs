using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>
/// What a tenant of a PostgreSQL engine (registered server or managed instance) must not be able to do, each tried as a
/// tenant would through the engine, and each followed by checks that nothing happened: the other tenant's rows are
/// intact, no file appeared, no role, database or extension was created, the server's settings are unchanged.
/// </summary>
public abstract class TenantIsolationContract(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<IDatabaseConnection> _connections = [];
    private readonly List<IDatabaseEngine> _engines = [];
    private readonly TempDirectory _files = new();

    protected ILoggerFactory Loggers { get; } = TestOutputLoggerProvider.CreateFactory(output);

    protected IDatabaseEngine Engine { get; private set; } = null!;

    /// <summary>A folder the server's process could write to, where no file may appear.</summary>
    protected string Files => _files.Path;

    public static TheoryData<string, string> Attacks => new()
    {
        { "COPY TO PROGRAM", "COPY (SELECT 1) TO PROGRAM 'touch {path}'" },
        { "COPY FROM PROGRAM", "COPY attack FROM PROGRAM 'touch {path}'" },
        { "COPY TO a file", "COPY attack TO '{path}'" },
        { "COPY FROM a file", "COPY attack FROM '/etc/passwd'" },
        { "pg_read_file", "SELECT pg_read_file('/etc/passwd')" },
        { "pg_read_binary_file", "SELECT pg_read_binary_file('/etc/passwd')" },
        { "pg_ls_dir", "SELECT pg_ls_dir('.')" },
        { "pg_stat_file", "SELECT pg_stat_file('postgresql.conf')" },
        { "lo_import", "SELECT lo_import('/etc/passwd')" },
        { "lo_export", "SELECT lo_export(lo_create(0), '{path}')" },
        { "ALTER SYSTEM", "ALTER SYSTEM SET application_name = 'dyndb_attack'" },
        { "pg_reload_conf", "SELECT pg_reload_conf()" },
        { "CREATE EXTENSION dblink", "CREATE EXTENSION dblink" },
        { "CREATE EXTENSION postgres_fdw", "CREATE EXTENSION postgres_fdw" },
        { "CREATE EXTENSION file_fdw", "CREATE EXTENSION file_fdw" },
        { "CREATE EXTENSION adminpack", "CREATE EXTENSION adminpack" },
        { "LOAD", "LOAD 'auto_explain'" },
        { "SET ROLE to the administrator", "SET ROLE postgres" },
        { "SET SESSION AUTHORIZATION", "SET SESSION AUTHORIZATION postgres" },
        { "a superuser-only setting", "SET log_statement = 'none'" },
        { "CREATE ROLE", "CREATE ROLE dyndb_attack SUPERUSER LOGIN" },
        { "ALTER ROLE SUPERUSER", "ALTER ROLE CURRENT_USER SUPERUSER" },
        { "ALTER ROLE CREATEDB", "ALTER ROLE CURRENT_USER CREATEDB" },
        { "GRANT a predefined role", "GRANT pg_read_server_files TO CURRENT_USER" },
        { "CREATE DATABASE", "CREATE DATABASE dyndb_attack" },
        { "reading password hashes", "SELECT rolpassword FROM pg_authid" },
    };

    /// <summary>Creates the engine under test.</summary>
    protected abstract IDatabaseEngine CreateEngine(Action<EngineOptions>? configure = null);

    /// <summary>A superuser connection string to <paramref name="name"/>'s database (its instance must be running for managed engines).</summary>
    protected abstract string AdminConnectionString(DatabaseName name, string? database = null);

    public virtual Task InitializeAsync()
    {
        Engine = Track(CreateEngine());
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        _files.Dispose();
        Loggers.Dispose();
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_statement_needing_a_privilege_the_tenant_role_lacks_is_refused_by_postgresql_and_changes_nothing(string construct, string sql)
    {
        var victim = await OpenVictimAsync();
        var name = NewName();
        var attacker = await OpenAsync(name);
        await attacker.ExecAsync(new Statement("CREATE TABLE attack (v TEXT)"));
        var path = Path.Combine(Files, "written-by-tenant");

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => attacker.ExecAsync(new Statement(sql.Replace("{path}", path, StringComparison.Ordinal))));

        output.WriteLine($"{construct}: {error.Message}");
        Assert.Equal(ErrorCodes.SqlNotAllowed, error.ErrorCode);
        Assert.False(File.Exists(path), $"{construct} created {path}");
        await AssertVictimIntactAsync(victim);
        await AssertNothingChangedAsync(name, attacker);
    }

    [Fact]
    public async Task Tenant_statements_run_as_the_database_s_own_restricted_role()
    {
        var name = NewName();
        var connection = await OpenAsync(name);

        var who = (await connection.QueryAsync(new Statement("SELECT current_user, session_user, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user"))).Rows[0];

        Assert.Equal(TenantRoles.RoleName(name.FullName), who[0]);
        Assert.Equal(who[0], who[1]);
        Assert.Equal([false, false, false, false, false], who.Skip(2).ToArray());
        Assert.Equal(who[0], await AdminScalarAsync(name, $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{name.FullName}'"));
        Assert.Equal(false, await AdminScalarAsync(name,
            $"SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a WHERE d.datname = '{name.FullName}' AND a.grantee = 0 AND a.privilege_type IN ('CONNECT', 'TEMPORARY'))"));
    }

    [Fact]
    public async Task The_tenant_owns_what_it_creates_and_can_use_the_whole_of_its_database()
    {
        var connection = await OpenAsync(NewName());

        await connection.ExecAsync(new Statement("CREATE SCHEMA app"));
        await connection.ExecAsync(new Statement("CREATE TABLE app.items (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v TEXT)"));
        await connection.ExecAsync(new Statement("CREATE FUNCTION app.twice(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN x * 2; END $$"));
        await connection.ExecAsync(new Statement("CREATE TEMP TABLE scratch (v int)"));
        await connection.ExecAsync(Statement.Of("INSERT INTO app.items (v) VALUES (?)", "kept"));

        var result = await connection.QueryAsync(new Statement("SELECT app.twice(21), v FROM app.items"));
        Assert.Equal<object?>([42L, "kept"], result.Rows[0]);
    }

    [Fact]
    public async Task Transaction_control_is_refused_before_anything_of_the_text_runs()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE t (v INT)"));

        var exec = await Assert.ThrowsAsync<DynamicDbException>(() => connection.ExecAsync(new Statement("INSERT INTO t VALUES (1); BEGIN")));
        var query = await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(new Statement("COMMIT; SELECT 1")));
        var cursor = await Assert.ThrowsAsync<DynamicDbException>(() => connection.OpenCursorAsync(new Statement("SELECT 1; ROLLBACK")));
        var transaction = await Assert.ThrowsAsync<DynamicDbException>(() => connection.TransactionAsync(
            [new Statement("INSERT INTO t VALUES (2)"), new Statement("COMMIT"), new Statement("INSERT INTO t VALUES (3)")]));

        Assert.All(new[] { exec, query, cursor, transaction }, e => Assert.Equal(ErrorCodes.SqlNotAllowed, e.ErrorCode));
        Assert.StartsWith("Statement 2 of 3 failed: Transaction control (COMMIT) is not allowed", transaction.Message);
        Assert.Equal(0L, (await connection.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0]);
        var afterwards = await connection.TransactionAsync([new Statement("INSERT INTO t VALUES (4)"), new Statement("INSERT INTO t VALUES (5)")]);
        Assert.Equal(2, afterwards.Count);
        Assert.Equal(2L, (await connection.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0]);
    }

    protected static DatabaseName NewName() => DatabaseName.Create("tenant", "db_" + Guid.NewGuid().ToString("N")[..16]);

    protected IDatabaseEngine Track(IDatabaseEngine engine)
    {
        _engines.Add(engine);
        return engine;
    }

    protected async Task<IDatabaseConnection> OpenAsync(DatabaseName name, IDatabaseEngine? engine = null)
    {
        var connection = await (engine ?? Engine).OpenAsync(name);
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Another tenant's database with a table of secrets.</summary>
    protected async Task<(DatabaseName Name, IDatabaseConnection Connection)> OpenVictimAsync()
    {
        var name = NewName();
        var connection = await OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE secret (v TEXT)"));
        await connection.ExecAsync(Statement.Of("INSERT INTO secret VALUES (?), (?)", "victim data 1", "victim data 2"));
        return (name, connection);
    }

    protected static async Task AssertVictimIntactAsync((DatabaseName Name, IDatabaseConnection Connection) victim)
    {
        var rows = await victim.Connection.QueryAsync(new Statement("SELECT v FROM secret ORDER BY v"));
        Assert.Equal<object?>(["victim data 1", "victim data 2"], rows.Rows.Select(r => r[0]).ToArray());
    }

    protected async Task<object?> AdminScalarAsync(DatabaseName name, string sql, string? database = null)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString(name, database));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        return await command.ExecuteScalarAsync();
    }

    private async Task AssertNothingChangedAsync(DatabaseName name, IDatabaseConnection attacker)
    {
        var who = (await attacker.QueryAsync(new Statement("SELECT current_user, (SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user)"))).Rows[0];
        Assert.Equal(TenantRoles.RoleName(name.FullName), who[0]);
        Assert.Equal(false, who[1]);
        Assert.Equal(0L, await AdminScalarAsync(name, "SELECT COUNT(*) FROM pg_roles WHERE rolname = 'dyndb_attack'"));
        Assert.Equal(0L, await AdminScalarAsync(name, "SELECT COUNT(*) FROM pg_database WHERE datname = 'dyndb_attack'"));
        Assert.Equal(0L, await AdminScalarAsync(name, "SELECT COUNT(*) FROM pg_extension WHERE extname <> 'plpgsql'", name.FullName));
        Assert.Equal(0L, await AdminScalarAsync(name, "SELECT COUNT(*) FROM pg_largeobject_metadata", name.FullName));
        Assert.DoesNotContain("dyndb_attack", (string)(await AdminScalarAsync(name, "SELECT pg_read_file('postgresql.auto.conf')"))!, StringComparison.Ordinal);
    }
}
