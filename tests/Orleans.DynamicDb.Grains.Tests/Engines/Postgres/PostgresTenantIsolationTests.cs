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

[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantIsolationTests(PostgresFixture postgres, ITestOutputHelper output) : TenantIsolationContract(output)
{
    protected override IDatabaseEngine CreateEngine(Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString };
        configure?.Invoke(options);
        return new PostgresEngine(options, Loggers.CreateLogger<PostgresEngine>());
    }

    protected override string AdminConnectionString(DatabaseName name, string? database = null) =>
        postgres.Server.ConnectionStringFor(database ?? "postgres");

    [Theory]
    [InlineData("DROP DATABASE {victim}")]
    [InlineData("ALTER DATABASE {victim} RENAME TO dyndb_attack")]
    [InlineData("ALTER DATABASE {victim} OWNER TO CURRENT_USER")]
    [InlineData("GRANT {victim_role} TO CURRENT_USER")]
    [InlineData("ALTER ROLE {victim_role} PASSWORD 'known'")]
    [InlineData("SET ROLE {victim_role}")]
    [InlineData("CREATE EXTENSION dblink; SELECT * FROM dblink('dbname={victim}', 'SELECT v FROM secret') AS s(v text)")]
    public async Task Another_tenant_s_database_and_role_cannot_be_reached_or_changed(string sql)
    {
        var victim = await OpenVictimAsync();
        var attacker = await OpenAsync(NewName());
        var statement = sql.Replace("{victim_role}", TenantRoles.RoleName(victim.Name.FullName), StringComparison.Ordinal)
            .Replace("{victim}", victim.Name.FullName, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => attacker.ExecAsync(new Statement(statement)));

        Assert.Equal(ErrorCodes.SqlNotAllowed, error.ErrorCode);
        await AssertVictimIntactAsync(victim);
        Assert.Equal(1L, await AdminScalarAsync(victim.Name, $"SELECT COUNT(*) FROM pg_database WHERE datname = '{victim.Name.FullName}'"));
    }

    [Fact]
    public async Task A_tenant_role_cannot_connect_to_another_tenant_s_database()
    {
        var victim = await OpenVictimAsync();
        var attacker = NewName();
        await OpenAsync(attacker);
        var password = (string)(await AdminScalarAsync(attacker, $"SELECT password FROM dyndb.tenant_roles WHERE role_name = '{TenantRoles.RoleName(attacker.FullName)}'"))!;
        var asAttacker = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionStringFor(victim.Name.FullName))
        {
            Username = TenantRoles.RoleName(attacker.FullName),
            Password = password,
            Pooling = false,
        };

        await using var connection = new NpgsqlConnection(asAttacker.ConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Contains("permission denied for database", error.MessageText, StringComparison.Ordinal);
        await AssertVictimIntactAsync(victim);
    }

    [Fact]
    public async Task A_tenant_cannot_terminate_another_tenant_s_backend_which_keeps_serving()
    {
        var victim = await OpenVictimAsync();
        var attacker = await OpenAsync(NewName());
        // The victim's cursor holds a backend busy with its statement while the attacker tries to end it.
        await using var cursor = await victim.Connection.OpenCursorAsync(new Statement("SELECT g FROM generate_series(1, 1000000) g"));
        var first = await cursor.ReadAsync(10, long.MaxValue);

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => attacker.QueryAsync(new Statement(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{victim.Name.FullName}'")));
        var cancel = await Assert.ThrowsAsync<DynamicDbException>(() => attacker.QueryAsync(new Statement(
            $"SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = '{victim.Name.FullName}'")));

        Assert.Equal(ErrorCodes.SqlNotAllowed, error.ErrorCode);
        Assert.Equal(ErrorCodes.SqlNotAllowed, cancel.ErrorCode);
        var next = await cursor.ReadAsync(10, long.MaxValue);
        Assert.Equal(11, next.Rows[0][0] is int i ? i : Convert.ToInt32(next.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(10, first.Rows.Count);
        await AssertVictimIntactAsync(victim);
    }

    [Fact]
    public async Task A_tenant_sees_no_query_text_of_other_tenants()
    {
        var victim = await OpenVictimAsync();
        var attacker = await OpenAsync(NewName());
        await using var cursor = await victim.Connection.OpenCursorAsync(new Statement("SELECT 'victim query text', g FROM generate_series(1, 1000000) g"));
        await cursor.ReadAsync(1, long.MaxValue);

        var seen = await attacker.QueryAsync(new Statement($"SELECT query FROM pg_stat_activity WHERE datname = '{victim.Name.FullName}'"));

        Assert.NotEmpty(seen.Rows);
        Assert.All(seen.Rows, row => Assert.Equal("<insufficient privilege>", row[0]));
    }
}
