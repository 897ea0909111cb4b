using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// Connection state never leaks between requests on the embedded SQLite engine: what one request leaves on a pooled
/// connection (temporary objects, a refused setting, a failed statement) is not there for the next request.
/// </summary>
public sealed class SqliteConnectionStateTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    [Fact]
    public async Task A_temporary_table_of_one_request_is_gone_in_the_next()
    {
        var (silo, database) = await ArrangeAsync();

        var create = await silo.Alpha.ExecAsync(database, "CREATE TEMP TABLE stash (value TEXT); INSERT INTO stash (value) VALUES ('left behind')");
        var later = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => silo.Alpha.QueryAsync(database, "SELECT value FROM temp.stash")));

        create.EnsureOk();
        later.Every(answer => Assert.Contains("stash", answer.AssertProblem(HttpStatusCode.BadRequest, "sql.error"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_temporary_trigger_cannot_spy_on_later_writes()
    {
        var (silo, database) = await ArrangeAsync();

        var spy = await silo.Alpha.ExecAsync(
            database,
            "CREATE TEMP TABLE spied (value TEXT); CREATE TEMP TRIGGER spy AFTER INSERT ON main.mine BEGIN INSERT INTO spied VALUES (new.value); END");
        for (var i = 0; i < 4; i++)
        {
            (await silo.Alpha.ExecAsync(database, "INSERT INTO mine (value) VALUES (?)", $"later {i}")).EnsureOk();
        }

        var read = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => silo.Alpha.QueryAsync(database, "SELECT value FROM temp.spied")));

        spy.EnsureOk();
        read.Every(answer => answer.AssertProblem(HttpStatusCode.BadRequest, "sql.error"));
        Assert.Equal(5, (await silo.Alpha.RowsAsync(database, "SELECT value FROM mine")).Count);
    }

    [Fact]
    public async Task Foreign_keys_stay_enforced_after_a_tenant_tries_to_turn_them_off()
    {
        var (silo, database) = await ArrangeAsync();
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE child (id INTEGER PRIMARY KEY, mine_id INTEGER NOT NULL REFERENCES mine (id))")).EnsureOk();

        var off = await silo.Alpha.ExecAsync(database, "PRAGMA foreign_keys = OFF");
        var orphans = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => silo.Alpha.ExecAsync(database, "INSERT INTO child (id, mine_id) VALUES (?, 999)", i + 1)));

        off.AssertRefused("foreign_keys");
        orphans.Every(answer => answer.AssertFailed());
        Assert.Empty(await silo.Alpha.RowsAsync(database, "SELECT id FROM child"));
    }

    [Fact]
    public async Task A_refused_attack_leaves_the_connection_serving_ordinary_statements()
    {
        var (silo, database) = await ArrangeAsync();

        var attacks = new[]
        {
            await silo.Alpha.ExecAsync(database, "ATTACH DATABASE ':memory:' AS m"),
            await silo.Alpha.ExecAsync(database, "PRAGMA journal_mode = OFF"),
            await silo.Alpha.ExecAsync(database, "BEGIN"),
            await silo.Alpha.ExecAsync(database, "SAVEPOINT s1"),
            await silo.Alpha.ExecAsync(database, "PRAGMA query_only = ON"),
        };
        var writes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => silo.Alpha.ExecAsync(database, "INSERT INTO mine (value) VALUES (?)", $"after {i}")));
        var failed = await silo.Alpha.PostAsync("transaction", new { database, queries = new object[] { "DELETE FROM mine", "INSERT INTO missing_table VALUES (1)" } });

        attacks.Every(a => a.AssertProblem(HttpStatusCode.Forbidden, Refusal.NotAllowed));
        writes.Every(w => w.EnsureOk());
        failed.AssertFailed();
        Assert.Equal(5, (await silo.Alpha.RowsAsync(database, "SELECT value FROM mine")).Count);
        var attached = await silo.Alpha.QueryAsync(database, "SELECT * FROM m.sqlite_master");
        attached.AssertFailed();
    }

    private async Task<(GatewaySilo Silo, string Database)> ArrangeAsync()
    {
        var silo = await fixture.GetAsync(() => []);
        var database = TestDatabases.New("state");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE mine (id INTEGER PRIMARY KEY, value TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, "INSERT INTO mine (value) VALUES ('before')")).EnsureOk();
        return (silo, database);
    }
}
