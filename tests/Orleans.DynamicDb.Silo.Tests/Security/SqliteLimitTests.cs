using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// The size limits of the embedded engine (defaults of <c>DynamicDb:Engines:{i}:SqliteLimits</c>) bound what one tenant
/// statement can make SQLite parse, nest and match: past a limit the statement fails as a client error and the
/// database keeps serving.
/// </summary>
public sealed class SqliteLimitTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    [Fact]
    public async Task A_LIKE_pattern_longer_than_the_limit_fails()
    {
        var (silo, database) = await ArrangeAsync();
        var pattern = "%" + new string('a', 2000) + "%";

        var answer = await silo.Alpha.QueryAsync(database, "SELECT count(*) AS n FROM mine WHERE value LIKE ?", pattern);
        var withinLimit = await silo.Alpha.QueryAsync(database, "SELECT count(*) AS n FROM mine WHERE value LIKE ?", "%" + new string('a', 500) + "%");

        answer.AssertFailed();
        Assert.Contains("pattern", answer.Detail, StringComparison.OrdinalIgnoreCase);
        withinLimit.EnsureOk();
    }

    [Fact]
    public async Task An_expression_nested_deeper_than_the_limit_fails()
    {
        var (silo, database) = await ArrangeAsync();
        // 1 + 1 + ... + 1 with 700 terms: a left-leaning tree 700 deep (SQLite's own default allows 1000).
        var deep = $"SELECT {string.Join(" + ", Enumerable.Repeat("1", 700))} AS x";

        var answer = await silo.Alpha.QueryAsync(database, deep);

        answer.AssertFailed();
        Assert.Contains("depth", answer.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Single(await silo.Alpha.RowsAsync(database, "SELECT value FROM mine"));
    }

    [Fact]
    public async Task A_SQL_text_longer_than_the_limit_fails_and_runs_nothing()
    {
        var (silo, database) = await ArrangeAsync();
        var padding = new string(' ', 2 * 1024 * 1024);

        var answer = await silo.Alpha.ExecAsync(database, $"INSERT INTO mine (value) VALUES ('too long'){padding}");

        answer.AssertFailed();
        Assert.Single(await silo.Alpha.RowsAsync(database, "SELECT value FROM mine"));
    }

    private async Task<(GatewaySilo Silo, string Database)> ArrangeAsync()
    {
        var silo = await fixture.GetAsync(() => []);
        var database = TestDatabases.New("limits");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE mine (id INTEGER PRIMARY KEY, value TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, "INSERT INTO mine (value) VALUES ('before')")).EnsureOk();
        return (silo, database);
    }
}
