using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>
/// A registered server administered by a role that is not a superuser (<c>CREATEDB CREATEROLE</c>, with <c>CREATE</c> on the
/// maintenance database for the password table), as a hosted PostgreSQL offers.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresNonSuperuserAdminTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private readonly string _admin = "admin_" + Guid.NewGuid().ToString("N")[..8];
    private string _maintenance = "";
    private PostgresEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _maintenance = "maint_" + _admin;
        await SuperuserAsync($"CREATE ROLE {_admin} LOGIN CREATEDB CREATEROLE");
        await SuperuserAsync($"CREATE DATABASE {_maintenance} OWNER {_admin}");
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionStringFor(_maintenance)) { Username = _admin }.ConnectionString;
        _engine = new PostgresEngine(new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = connectionString }, _loggers.CreateLogger<PostgresEngine>());
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _loggers.Dispose();
    }

    [Fact]
    public async Task A_non_superuser_administrator_creates_isolated_tenant_databases_and_drops_them()
    {
        var name = DatabaseName.Create("hosted", "db_" + Guid.NewGuid().ToString("N")[..12]);
        var victimName = DatabaseName.Create("hosted", "victim_" + Guid.NewGuid().ToString("N")[..12]);
        await using var victim = await _engine.OpenAsync(victimName);
        await victim.ExecAsync(new Statement("CREATE TABLE secret (v TEXT)"));
        await victim.ExecAsync(Statement.Of("INSERT INTO secret VALUES (?)", "victim data"));

        await using (var connection = await _engine.OpenAsync(name))
        {
            Assert.Equal(TenantRoles.RoleName(name.FullName), (await connection.QueryAsync(new Statement("SELECT current_user"))).Rows[0][0]);
            await connection.ExecAsync(new Statement("CREATE TABLE t (v TEXT)"));
            var error = await Assert.ThrowsAsync<DynamicDbException>(() => connection.ExecAsync(new Statement($"SET ROLE {_admin}")));
            Assert.Equal(ErrorCodes.SqlNotAllowed, error.ErrorCode);
            var other = await Assert.ThrowsAsync<DynamicDbException>(() => connection.ExecAsync(new Statement($"GRANT \"{TenantRoles.RoleName(victimName.FullName)}\" TO CURRENT_USER")));
            Assert.Equal(ErrorCodes.SqlNotAllowed, other.ErrorCode);
        }

        var dropped = await _engine.DropAsync(name);

        Assert.Equal("victim data", (await victim.QueryAsync(new Statement("SELECT v FROM secret"))).Rows[0][0]);
        Assert.Matches($"^{name.FullName}_dropped_", dropped);
    }

    private async Task SuperuserAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
