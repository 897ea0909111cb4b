using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>psql 15's <c>\dt</c>, <c>\d</c>, <c>\d NAME</c> and <c>\l</c> on a <c>sqlite</c> database, and <c>\l</c> on a <c>postgres</c> one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PsqlCatalogTests(PostgresFixture postgres, PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private const string Schema =
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'x');" +
        "CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), code TEXT UNIQUE);" +
        "CREATE INDEX child_by_parent ON child (parent_id);" +
        "CREATE VIEW named AS SELECT id, name FROM parent;";

    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() => PgWireSiloFixture.SqliteAndPostgres(postgres));

    [Fact]
    public async Task Psql_lists_the_tables_and_relations_of_a_sqlite_database()
    {
        var (silo, database) = await DatabaseAsync("sqlite");

        var tables = await PsqlAsync(silo, database, "-A", "-t", "-c", Schema, "-c", "\\dt");
        var relations = await PsqlAsync(silo, database, "-A", "-t", "-c", "\\d");
        var pattern = await PsqlAsync(silo, database, "-A", "-t", "-c", "\\dt ch*");

        Assert.Equal(["public|child|table|alpha", "public|parent|table|alpha"], Lines(tables).Where(l => l.StartsWith("public|", StringComparison.Ordinal)));
        Assert.Equal(["public|child|table|alpha", "public|named|view|alpha", "public|parent|table|alpha"], Lines(relations));
        Assert.Equal(["public|child|table|alpha"], Lines(pattern));
    }

    [Fact]
    public async Task Psql_describes_a_sqlite_table_with_its_columns_indexes_and_foreign_keys()
    {
        var (silo, database) = await DatabaseAsync("sqlite");
        await PsqlAsync(silo, database, "-c", Schema);

        var child = await PsqlAsync(silo, database, "-c", "\\d child");
        var parent = await PsqlAsync(silo, database, "-c", "\\d parent");

        Assert.Contains("Table \"public.child\"", child, StringComparison.Ordinal);
        Assert.Matches(@"id\s+\|\s+bigint\s+\|\s+\|\s+\|", child);
        Assert.Matches(@"parent_id\s+\|\s+integer\s+\|", child);
        Assert.Contains("\"sqlite_autoindex_child_1\" PRIMARY KEY, btree (id)", child, StringComparison.Ordinal);
        Assert.Contains("\"sqlite_autoindex_child_2\" UNIQUE CONSTRAINT, btree (code)", child, StringComparison.Ordinal);
        Assert.Contains("\"child_by_parent\" btree (parent_id)", child, StringComparison.Ordinal);
        Assert.Contains("Foreign-key constraints:", child, StringComparison.Ordinal);
        Assert.Contains("FOREIGN KEY (parent_id) REFERENCES parent(id)", child, StringComparison.Ordinal);
        Assert.Matches(@"id\s+\|\s+integer\s+\|\s+\|\s+not null\s+\|", parent);
        Assert.Matches(@"name\s+\|\s+text\s+\|\s+\|\s+not null\s+\|\s+'x'", parent);
        Assert.Contains("\"parent_pkey\" PRIMARY KEY, btree (id)", parent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_psql_asks_beyond_that_on_sqlite_gets_a_clear_error_naming_what_is_unsupported()
    {
        var (silo, database) = await DatabaseAsync("sqlite");
        await PsqlAsync(silo, database, "-c", Schema);

        var (code, _, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, null, "-c", "\\di");

        Assert.NotEqual(0, code);
        Assert.Contains("pg_catalog.pg_", error, StringComparison.Ordinal);
        Assert.Contains("which a sqlite database does not have", error, StringComparison.Ordinal);
        Assert.Contains("\\dt", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("pg")]
    public async Task Psql_lists_only_the_apps_own_databases(string engine)
    {
        var (silo, database) = await DatabaseAsync(engine);
        var others = $"other_{Guid.NewGuid():N}"[..20];
        await silo.Grains.GetGrain<IDatabaseGrain>($"beta/{others}").CreateAsync(engine);

        var list = await PsqlAsync(silo, database, "-A", "-t", "-c", "\\l");

        Assert.Contains($"{database}|alpha|UTF8|", list, StringComparison.Ordinal);
        Assert.DoesNotContain(others, list, StringComparison.Ordinal);
        Assert.DoesNotContain("template1", list, StringComparison.Ordinal);
    }

    private async Task<(PgWireSilo Silo, string Database)> DatabaseAsync(string engine)
    {
        var silo = await SiloAsync();
        var database = $"cat_{engine}_{Guid.NewGuid():N}"[..28];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync(engine);
        return (silo, database);
    }

    private static async Task<string> PsqlAsync(PgWireSilo silo, string database, params string[] arguments)
    {
        var (code, output, error) = await Psql.RunAsync(silo.Libpq("alpha", database), GatewaySilo.AlphaKey, null, ["-v", "ON_ERROR_STOP=1", .. arguments]);
        Assert.True(code == 0, $"psql {string.Join(' ', arguments)} failed ({code}): {error}");
        return output;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
