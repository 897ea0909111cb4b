using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>The real <c>psql</c> against the wire frontend: a <c>sqlite</c> database and one on a registered PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PsqlTests(PostgresFixture postgres, PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() => PgWireSiloFixture.SqliteAndPostgres(postgres));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task Psql_connects_with_an_api_key_and_creates_inserts_and_selects(string engine)
    {
        var silo = await SiloAsync();
        var database = $"psql_{engine}_{Guid.NewGuid():N}"[..30];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync(engine);

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, null,
            "-v", "ON_ERROR_STOP=1", "-A", "-t",
            "-c", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
            "-c", "INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two')",
            "-c", "UPDATE items SET name = 'TWO' WHERE id = 2",
            "-c", "SELECT id, name FROM items ORDER BY id");

        Assert.True(code == 0, $"psql failed ({code}): {error}");
        Assert.Equal(["CREATE TABLE", "INSERT 0 2", "UPDATE 1", "1|one", "2|TWO"], Lines(output));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task A_read_only_key_reads_over_the_wire_and_every_write_it_sends_is_refused_with_25006(string engine)
    {
        var silo = await SiloAsync();
        var database = $"psql_ro_{engine}_{Guid.NewGuid():N}"[..30];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync(engine);
        var setup = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, null, "-v", "ON_ERROR_STOP=1",
            "-c", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)", "-c", "INSERT INTO items (id, name) VALUES (1, 'one')");
        Assert.True(setup.ExitCode == 0, $"psql failed ({setup.ExitCode}): {setup.Error}");

        var read = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaReadOnlyKey, null, "-A", "-t", "-c", "SELECT name FROM items");
        var writes = new List<(int ExitCode, string Output, string Error)>();
        foreach (var sql in new[] { "INSERT INTO items (id, name) VALUES (2, 'two')", "UPDATE items SET name = 'x'", "DELETE FROM items", "DROP TABLE items" })
        {
            writes.Add(await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaReadOnlyKey, null, "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-c", sql));
        }

        var after = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, null, "-A", "-t", "-c", "SELECT id, name FROM items");

        Assert.True(read.ExitCode == 0, $"psql failed ({read.ExitCode}): {read.Error}");
        Assert.Equal(["one"], Lines(read.Output));
        Assert.All(writes, w => Assert.True(w.ExitCode != 0 && w.Error.Contains("25006", StringComparison.Ordinal), $"a write was not refused with 25006 ({w.ExitCode}): {w.Error}"));
        Assert.Equal(["1|one"], Lines(after.Output));
    }

    [Fact]
    public async Task Psql_with_a_wrong_key_or_another_apps_key_is_refused_with_28P01()
    {
        var silo = await SiloAsync();

        var wrong = await Psql.RunAsync(silo.Libpq("alpha", "users"), "not-the-key-0123456789", null, "-c", "SELECT 1");
        var other = await Psql.RunAsync(silo.Libpq("alpha", "users"), GatewaySilo.BetaKey, null, "-c", "SELECT 1");
        var right = await Psql.RunAsync(silo.Libpq("alpha", "users"), GatewaySilo.AlphaKey, null, "-A", "-t", "-c", "SELECT 1");

        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("password authentication failed for user \"alpha\"", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("password authentication failed", other.Error, StringComparison.Ordinal);
        Assert.Equal(0, right.ExitCode);
    }

    [Fact]
    public async Task An_app_configured_only_by_key_hash_is_told_why_scram_cannot_work()
    {
        var silo = await SiloAsync();

        var (code, _, error) = await Psql.RunAsync(silo.Libpq("gamma", "users"), GatewaySilo.GammaKey, null, "-c", "SELECT 1");

        Assert.Equal(2, code);
        Assert.Contains("KeySha256", error, StringComparison.Ordinal);
        Assert.Contains("TLS", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task An_on_error_stop_script_stops_at_the_failing_statement_and_names_its_sqlstate(string engine)
    {
        var silo = await SiloAsync();
        var database = $"script_{engine}_{Guid.NewGuid():N}"[..30];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync(engine);
        const string script = """
            \set VERBOSITY verbose
            CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);
            INSERT INTO t VALUES (1, 'a');
            INSERT INTO t VALUES (1, 'duplicate');
            INSERT INTO t VALUES (2, 'never');
            """;

        var (code, _, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, script, "-v", "ON_ERROR_STOP=1");
        var count = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, null, "-A", "-t", "-c", "SELECT count(*) FROM t");

        Assert.Equal(3, code);
        Assert.Contains("ERROR:  23505", error, StringComparison.Ordinal);
        Assert.Equal(["1"], Lines(count.Output));
    }

    [Fact]
    public async Task Statements_answer_their_sqlstates_for_syntax_errors_missing_tables_and_transactions()
    {
        var silo = await SiloAsync();
        var database = $"states_{Guid.NewGuid():N}"[..30];

        var syntax = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, "\\set VERBOSITY verbose\nSELEC 1;\n");
        var missing = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, "\\set VERBOSITY verbose\nSELECT * FROM nowhere;\n");
        var begin = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, "\\set VERBOSITY verbose\nPREPARE TRANSACTION 'x';\n");

        Assert.Contains("ERROR:  42601", syntax.Error, StringComparison.Ordinal);
        Assert.Contains("ERROR:  42P01", missing.Error, StringComparison.Ordinal);
        Assert.Contains("ERROR:  0A000", begin.Error, StringComparison.Ordinal);
        Assert.Contains("two-phase commit", begin.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_apps_key_opens_only_that_apps_databases()
    {
        var silo = await SiloAsync();
        var database = $"shared_{Guid.NewGuid():N}"[..30];
        var beta = await Psql.RunAsync(silo.Libpq("beta", database), GatewaySilo.BetaKey, null, "-v", "ON_ERROR_STOP=1",
            "-c", "CREATE TABLE secrets (v TEXT)", "-c", "INSERT INTO secrets VALUES ('beta only')");
        Assert.True(beta.ExitCode == 0, beta.Error);

        // Alpha's key as user beta: refused. Alpha's key as alpha: the same database name is alpha's own, without beta's table.
        var asBeta = await Psql.RunAsync(silo.Libpq("beta", database), GatewaySilo.AlphaKey, null, "-c", "SELECT * FROM secrets");
        var asAlpha = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, "\\set VERBOSITY verbose\nSELECT * FROM secrets;\n");

        Assert.Equal(2, asBeta.ExitCode);
        Assert.Contains("password authentication failed for user \"beta\"", asBeta.Error, StringComparison.Ordinal);
        Assert.Contains("42P01", asAlpha.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("beta only", asAlpha.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psql_session_commands_and_version_work_on_sqlite()
    {
        var silo = await SiloAsync();

        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", "session"), GatewaySilo.AlphaKey, null, "-v", "ON_ERROR_STOP=1", "-A", "-t",
            "-c", "SET application_name = 'wire-test'", "-c", "SHOW application_name", "-c", "SELECT version()", "-c", "SHOW server_version");

        Assert.True(code == 0, error);
        Assert.Equal(["SET", "wire-test", "PostgreSQL 15.0 (dyndb wire frontend)", "15.0 (dyndb)"], Lines(output));
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
