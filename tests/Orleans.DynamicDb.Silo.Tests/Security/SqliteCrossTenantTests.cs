using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// An app key holder on the embedded SQLite engine tries to reach another app's database file and the silo's own files
/// with ATTACH: every attempt is refused, the other app's rows stay unread and unchanged, and no file appears.
/// </summary>
public sealed class SqliteCrossTenantTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    [Fact]
    public async Task Attaching_another_apps_database_file_is_refused_and_its_rows_stay_unread()
    {
        var (silo, victim, attacker) = await ArrangeAsync();
        var snapshot = FileSnapshot.Take(silo.DataDirectory);

        var attach = await silo.Alpha.ExecAsync(attacker, "ATTACH DATABASE ? AS b", VictimFile(silo, victim));
        var read = await silo.Alpha.QueryAsync(attacker, "SELECT value FROM b.secret");

        attach.AssertRefused("ATTACH");
        read.AssertFailed();
        victim.AssertUnread(attach, read);
        await victim.AssertIntactAsync();
        snapshot.AssertNoNewFiles(AttackerFolder(silo, attacker));
    }

    [Fact]
    public async Task Attaching_and_reading_in_one_query_is_refused()
    {
        var (silo, victim, attacker) = await ArrangeAsync();
        var snapshot = FileSnapshot.Take(silo.DataDirectory);

        var read = await silo.Alpha.QueryAsync(attacker, "ATTACH DATABASE ? AS b; SELECT value FROM b.secret", VictimFile(silo, victim));

        read.AssertRefused("ATTACH");
        victim.AssertUnread(read);
        await victim.AssertIntactAsync();
        snapshot.AssertNoNewFiles(AttackerFolder(silo, attacker));
    }

    [Fact]
    public async Task Writing_into_another_apps_database_through_an_attachment_is_refused()
    {
        var (silo, victim, attacker) = await ArrangeAsync();
        var snapshot = FileSnapshot.Take(silo.DataDirectory);

        var write = await silo.Alpha.ExecAsync(
            attacker, "ATTACH DATABASE ? AS b; INSERT INTO b.secret (id, value) VALUES (99, 'planted'); UPDATE b.secret SET value = 'overwritten'", VictimFile(silo, victim));
        var writeAlone = await silo.Alpha.ExecAsync(attacker, "UPDATE b.secret SET value = 'overwritten'");

        write.AssertRefused("ATTACH");
        writeAlone.AssertFailed();
        await victim.AssertIntactAsync();
        snapshot.AssertNoNewFiles(AttackerFolder(silo, attacker));
    }

    [Theory]
    [InlineData("catalog.db")]
    [InlineData("orleans.db")]
    public async Task Attaching_a_file_of_the_silo_itself_is_refused(string file)
    {
        var (silo, victim, attacker) = await ArrangeAsync();
        var path = Path.Combine(silo.DataDirectory, "silo", file);
        Assert.True(File.Exists(path), $"The silo keeps no '{path}': the test's data layout is out of date.");
        var snapshot = FileSnapshot.Take(silo.DataDirectory);

        var read = await silo.Alpha.QueryAsync(attacker, "ATTACH DATABASE ? AS s; SELECT * FROM s.sqlite_master", path);
        var attach = await silo.Alpha.ExecAsync(attacker, "ATTACH DATABASE ? AS s", path);
        var tables = await silo.Alpha.QueryAsync(attacker, "SELECT name, sql FROM s.sqlite_master");

        read.AssertRefused("ATTACH");
        attach.AssertRefused("ATTACH");
        tables.AssertFailed();
        foreach (var answer in new[] { read, attach, tables })
        {
            Assert.DoesNotContain(victim.Database, answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("CREATE TABLE", answer.Body, StringComparison.OrdinalIgnoreCase);
        }

        await victim.AssertIntactAsync();
        snapshot.AssertNoNewFiles(AttackerFolder(silo, attacker));
    }

    [Fact]
    public async Task A_bare_attach_in_one_request_is_not_there_in_later_requests()
    {
        var (silo, victim, attacker) = await ArrangeAsync();

        var attach = await silo.Alpha.ExecAsync(attacker, "ATTACH DATABASE ? AS b", VictimFile(silo, victim));
        var later = new List<GatewayResponse>();
        for (var i = 0; i < 4; i++)
        {
            // Several requests, some concurrent, so that every pooled connection of the database is asked.
            later.AddRange(await Task.WhenAll(
                silo.Alpha.QueryAsync(attacker, "SELECT value FROM b.secret"),
                silo.Alpha.QueryAsync(attacker, "SELECT value FROM b.secret")));
            later.Add(await silo.Alpha.ExecAsync(attacker, "INSERT INTO b.secret (id, value) VALUES (?, 'planted')", 100 + i));
        }

        attach.AssertRefused("ATTACH");
        later.Every(answer => Assert.Contains("b.secret", answer.AssertProblem(HttpStatusCode.BadRequest, "sql.error")));
        victim.AssertUnread([attach, .. later]);
        await victim.AssertIntactAsync();
    }

    [Fact]
    public async Task The_host_path_of_a_database_is_not_revealed_by_pragma_database_list()
    {
        var (silo, _, attacker) = await ArrangeAsync();

        var list = await silo.Alpha.QueryAsync(attacker, "SELECT * FROM pragma_database_list");
        var pragma = await silo.Alpha.QueryAsync(attacker, "PRAGMA database_list");

        foreach (var answer in new[] { list, pragma })
        {
            answer.AssertRefused("database_list");
            Assert.DoesNotContain(silo.DataDirectory, answer.Body, StringComparison.Ordinal);
        }
    }

    private async Task<(GatewaySilo Silo, VictimDatabase Victim, string Attacker)> ArrangeAsync()
    {
        var silo = await fixture.GetAsync(() => []);
        var victim = await VictimDatabase.SeedAsync(silo.Beta, "beta");
        var attacker = TestDatabases.New("attacker");
        (await silo.Alpha.ExecAsync(attacker, "CREATE TABLE mine (id INTEGER PRIMARY KEY, value TEXT)")).EnsureOk();
        return (silo, victim, attacker);
    }

    private static string VictimFile(GatewaySilo silo, VictimDatabase victim) => Path.Combine(silo.DataDirectory, victim.FullName, "db.sqlite");

    private static string AttackerFolder(GatewaySilo silo, string attacker) => Path.Combine(silo.DataDirectory, $"alpha_{attacker}");
}
