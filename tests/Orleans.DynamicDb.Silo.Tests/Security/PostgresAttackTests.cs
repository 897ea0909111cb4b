using System.Net;
using Npgsql;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// The attacks on a registered PostgreSQL server (a real one, started for the test run), where every app's databases
/// share one server: besides the privileges every engine withholds, no tenant may connect to, rename or signal another's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAttackTests(PostgresFixture postgres, GatewaySiloFixture fixture) : PostgresAttackContract(fixture)
{
    protected override IEnumerable<string> EngineArguments =>
    [
        "--DynamicDb:Engines:0:Id", "pg",
        "--DynamicDb:Engines:0:Kind", "postgres",
        "--DynamicDb:Engines:0:ConnectionString", postgres.Server.ConnectionString,
    ];

    [Fact]
    public async Task The_tenants_role_may_not_connect_to_another_apps_database()
    {
        var (silo, victim, attacker) = await ArrangeAsync();

        var row = Assert.Single(await silo.Alpha.RowsAsync(
            attacker,
            "SELECT has_database_privilege(current_user, ?, 'CONNECT') AS other, has_database_privilege('public', ?, 'CONNECT') AS public_other",
            victim.FullName,
            victim.FullName));

        Assert.False(row.GetProperty("other").GetBoolean(), "the tenant's role may connect to the other app's database");
        Assert.False(row.GetProperty("public_other").GetBoolean(), "PUBLIC may connect to the other app's database");
        await victim.AssertIntactAsync();
    }

    [Fact]
    public async Task Terminating_another_apps_backend_is_refused_and_the_backend_lives_on()
    {
        var (silo, victim, attacker) = await ArrangeAsync();
        await victim.AssertIntactAsync();
        var before = await BackendsOfAsync(victim.FullName);
        Assert.NotEmpty(before);

        var terminate = await silo.Alpha.QueryAsync(
            attacker, "SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = ?", victim.FullName);
        var cancel = await silo.Alpha.QueryAsync(
            attacker, "SELECT pg_cancel_backend(pid) AS done FROM pg_stat_activity WHERE datname = ?", victim.FullName);

        terminate.AssertProblem(HttpStatusCode.Forbidden, Refusal.NotAllowed);
        cancel.AssertProblem(HttpStatusCode.Forbidden, Refusal.NotAllowed);
        Assert.Subset(new HashSet<int>(await BackendsOfAsync(victim.FullName)), new HashSet<int>(before));
        await victim.AssertIntactAsync();
    }

    [Fact]
    public async Task Renaming_or_taking_over_another_apps_database_is_refused()
    {
        var (silo, victim, attacker) = await ArrangeAsync();

        var attempts = new[]
        {
            await silo.Alpha.ExecAsync(attacker, $"ALTER DATABASE \"{victim.FullName}\" RENAME TO stolen"),
            await silo.Alpha.ExecAsync(attacker, $"ALTER DATABASE \"{victim.FullName}\" OWNER TO CURRENT_USER"),
            await silo.Alpha.ExecAsync(attacker, $"GRANT CONNECT ON DATABASE \"{victim.FullName}\" TO PUBLIC"),
            await silo.Alpha.ExecAsync(attacker, $"ALTER DATABASE \"{victim.FullName}\" SET default_transaction_read_only = on"),
        };

        attempts.Every(a => a.AssertProblem(HttpStatusCode.Forbidden, Refusal.NotAllowed));
        await victim.AssertIntactAsync();
        (await victim.Owner.ExecAsync(victim.Database, "UPDATE secret SET value = value WHERE id = 1")).EnsureOk();
    }

    [Fact]
    public async Task A_refused_ALTER_SYSTEM_leaves_the_servers_configuration_file_unchanged()
    {
        var (silo, _, attacker) = await ArrangeAsync();
        var file = Path.Combine(postgres.Server.DataDirectory, "postgresql.auto.conf");
        var before = await File.ReadAllTextAsync(file);

        var answer = await silo.Alpha.ExecAsync(attacker, "ALTER SYSTEM SET shared_preload_libraries = 'intruder'");

        answer.AssertProblem(HttpStatusCode.Forbidden, Refusal.NotAllowed);
        Assert.Equal(before, await File.ReadAllTextAsync(file));
    }

    /// <summary>The backends connected to <paramref name="database"/>, seen by the server's administrator.</summary>
    private async Task<IReadOnlyList<int>> BackendsOfAsync(string database)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = $1 ORDER BY pid", connection);
        command.Parameters.AddWithValue(database);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }
}
