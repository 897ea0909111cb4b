using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// An app key holder on a PostgreSQL engine tries what a superuser could do: run programs, read and write server files,
/// change the server's configuration, load extensions, become another role. PostgreSQL itself refuses each (the tenant's
/// role lacks the privilege: SQLSTATE 42501, answered 403 <c>sql.not_allowed</c>); afterwards the other app's data is
/// intact and unread and nothing was written outside the data directory. Run once per PostgreSQL engine kind.
/// </summary>
public abstract class PostgresAttackContract(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    /// <summary>The administrative role of the engine's server (the one the engine creates databases with).</summary>
    protected const string AdminRole = "postgres";

    private protected GatewaySiloFixture Fixture => fixture;

    /// <summary>The engine's settings as command-line arguments; it must be the default engine.</summary>
    protected abstract IEnumerable<string> EngineArguments { get; }

    [Fact]
    public async Task Tenant_statements_run_as_a_role_without_superuser_or_creation_rights()
    {
        var (silo, _, attacker) = await ArrangeAsync();

        var row = Assert.Single(await silo.Alpha.RowsAsync(
            attacker,
            "SELECT current_user::text AS role, session_user::text AS session, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls "
            + "FROM pg_roles r WHERE r.rolname = current_user"));

        Assert.NotEqual(AdminRole, row.GetProperty("role").GetString());
        Assert.NotEqual(AdminRole, row.GetProperty("session").GetString());
        Assert.False(row.GetProperty("rolsuper").GetBoolean(), "the tenant's role is a superuser");
        Assert.False(row.GetProperty("rolcreatedb").GetBoolean(), "the tenant's role may create databases");
        Assert.False(row.GetProperty("rolcreaterole").GetBoolean(), "the tenant's role may create roles");
        Assert.False(row.GetProperty("rolreplication").GetBoolean(), "the tenant's role may replicate");
        Assert.False(row.GetProperty("rolbypassrls").GetBoolean(), "the tenant's role bypasses row security");
    }

    [Theory]
    [InlineData("COPY (SELECT 'pwned') TO PROGRAM 'tee OUT/program.txt'", "exec")]
    [InlineData("COPY mine (value) FROM PROGRAM 'id > OUT/program.txt; echo x'", "exec")]
    [InlineData("COPY (SELECT value FROM mine) TO 'OUT/copy.txt'", "exec")]
    [InlineData("COPY mine (value) FROM '/etc/passwd'", "exec")]
    [InlineData("SELECT pg_read_file('/etc/passwd') AS content", "query")]
    [InlineData("SELECT pg_read_binary_file('/etc/passwd') AS content", "query")]
    [InlineData("SELECT pg_ls_dir('.') AS entry", "query")]
    [InlineData("SELECT lo_import('/etc/passwd') AS oid", "query")]
    [InlineData("SELECT lo_export(lo_from_bytea(0, 'pwned'::bytea), 'OUT/lo.txt') AS done", "query")]
    [InlineData("ALTER SYSTEM SET log_min_messages = 'panic'", "exec")]
    [InlineData("CREATE EXTENSION dblink", "exec")]
    [InlineData("CREATE EXTENSION postgres_fdw", "exec")]
    [InlineData("CREATE EXTENSION file_fdw", "exec")]
    [InlineData("SET ROLE postgres", "exec")]
    [InlineData("SET SESSION AUTHORIZATION postgres", "exec")]
    [InlineData("CREATE ROLE intruder SUPERUSER LOGIN", "exec")]
    [InlineData("CREATE DATABASE intruder", "exec")]
    public async Task A_statement_needing_a_privilege_the_tenant_lacks_is_refused_by_PostgreSQL(string sql, string endpoint)
    {
        var (silo, victim, attacker) = await ArrangeAsync();
        using var outside = new OutsideDirectory();
        var statement = sql.Replace("OUT", outside.Path, StringComparison.Ordinal);

        var answer = await silo.Alpha.PostAsync(endpoint, new { database = attacker, sql = statement });
        var after = await silo.Alpha.RowsAsync(
            attacker,
            "SELECT current_user::text AS role, (SELECT count(*) FROM mine) AS mine, (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql') AS extensions");

        answer.AssertProblem(HttpStatusCode.Forbidden, Refusal.NotAllowed);
        Assert.DoesNotContain("root:", answer.Body, StringComparison.Ordinal);
        outside.AssertEmpty();
        var state = Assert.Single(after);
        Assert.NotEqual(AdminRole, state.GetProperty("role").GetString());
        Assert.Equal(1, state.GetProperty("mine").GetInt64());
        Assert.Equal(0, state.GetProperty("extensions").GetInt64());
        await victim.AssertIntactAsync();
    }

    [Fact]
    public async Task Reading_another_apps_database_through_dblink_is_refused()
    {
        var (silo, victim, attacker) = await ArrangeAsync();

        var extension = await silo.Alpha.ExecAsync(attacker, "CREATE EXTENSION IF NOT EXISTS dblink");
        // The server's own loopback port: on a registered server the other app's database is right there.
        const string Read = "SELECT value FROM dblink('host=127.0.0.1 port=' || inet_server_port() || ' dbname=' || ? || ?, 'SELECT value FROM secret') AS t(value text)";
        var read = await silo.Alpha.QueryAsync(attacker, Read, victim.FullName, $" user={AdminRole}");
        var readAsSelf = await silo.Alpha.QueryAsync(attacker, Read, victim.FullName, "");

        extension.AssertProblem(HttpStatusCode.Forbidden, Refusal.NotAllowed);
        read.AssertFailed();
        readAsSelf.AssertFailed();
        victim.AssertUnread(extension, read, readAsSelf);
        await victim.AssertIntactAsync();
    }

    [Fact]
    public async Task A_refused_SET_ROLE_leaves_the_connection_as_the_tenants_role()
    {
        var (silo, _, attacker) = await ArrangeAsync();
        var before = Assert.Single(await silo.Alpha.RowsAsync(attacker, "SELECT current_user::text AS role")).GetProperty("role").GetString();

        var attempts = new[]
        {
            await silo.Alpha.ExecAsync(attacker, $"SET ROLE {AdminRole}"),
            await silo.Alpha.ExecAsync(attacker, $"SET SESSION AUTHORIZATION {AdminRole}"),
            await silo.Alpha.ExecAsync(attacker, $"SELECT set_config('role', '{AdminRole}', false)"),
        };
        var later = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => silo.Alpha.RowsAsync(attacker, "SELECT current_user::text AS role, session_user::text AS session")));

        attempts.Every(a => a.AssertProblem(HttpStatusCode.Forbidden, Refusal.NotAllowed));
        Assert.All(later, rows =>
        {
            var row = Assert.Single(rows);
            Assert.Equal(before, row.GetProperty("role").GetString());
            Assert.NotEqual(AdminRole, row.GetProperty("session").GetString());
        });
    }

    [Fact]
    public async Task Session_settings_of_one_request_do_not_reach_later_requests()
    {
        var (silo, _, attacker) = await ArrangeAsync();

        var set = await silo.Alpha.ExecAsync(attacker, "SET statement_timeout = 0; SET search_path = pg_catalog; SET application_name = 'leaked'");
        var later = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => silo.Alpha.RowsAsync(
            attacker, "SELECT current_setting('statement_timeout') AS timeout, current_setting('search_path') AS path, current_setting('application_name') AS app")));

        set.EnsureOk();
        Assert.All(later, rows =>
        {
            var row = Assert.Single(rows);
            Assert.NotEqual("0", row.GetProperty("timeout").GetString());
            Assert.NotEqual("pg_catalog", row.GetProperty("path").GetString());
            Assert.NotEqual("leaked", row.GetProperty("app").GetString());
        });
    }

    [Fact]
    public async Task A_temporary_table_of_one_request_is_gone_in_the_next()
    {
        var (silo, _, attacker) = await ArrangeAsync();

        var create = await silo.Alpha.ExecAsync(attacker, "CREATE TEMP TABLE stash AS SELECT 'left behind'::text AS value");
        var later = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => silo.Alpha.QueryAsync(attacker, "SELECT value FROM pg_temp.stash")));

        create.EnsureOk();
        later.Every(answer => Assert.Contains("stash", answer.AssertProblem(HttpStatusCode.BadRequest, "sql.error"), StringComparison.Ordinal));
    }

    /// <summary>The silo, a victim database of the app "beta" and an attacker database of "alpha", both made once per class.</summary>
    private protected async Task<(GatewaySilo Silo, VictimDatabase Victim, string Attacker)> ArrangeAsync()
    {
        var silo = await fixture.GetAsync(() => EngineArguments);
        var victimName = await fixture.SharedAsync("victim", async () => (await VictimDatabase.SeedAsync(silo.Beta, "beta")).Database);
        var attacker = await fixture.SharedAsync("attacker", async () =>
        {
            var database = TestDatabases.New("attacker");
            (await silo.Alpha.ExecAsync(database, "CREATE TABLE mine (id INTEGER PRIMARY KEY, value TEXT)")).EnsureOk();
            (await silo.Alpha.ExecAsync(database, "INSERT INTO mine (id, value) VALUES (1, 'alpha data')")).EnsureOk();
            return database;
        });
        return (silo, VictimDatabase.Existing(silo.Beta, "beta", victimName), attacker);
    }
}
