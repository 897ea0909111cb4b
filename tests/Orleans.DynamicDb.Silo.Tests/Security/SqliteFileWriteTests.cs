using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// An app key holder on the embedded SQLite engine tries to create files with ATTACH and VACUUM INTO: at an absolute
/// path outside the data directory, at a path relative to the silo's working directory, inside another app's folder
/// and inside the silo's own folder. Every attempt is refused and no file appears.
/// </summary>
public sealed class SqliteFileWriteTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    public static TheoryData<string, string> Attacks => new()
    {
        { "ATTACH DATABASE ? AS planted", "absolute" },
        { "ATTACH DATABASE ? AS planted", "relative" },
        { "ATTACH DATABASE ? AS planted", "other-app" },
        { "ATTACH DATABASE ? AS planted", "silo" },
        { "ATTACH DATABASE ? AS planted; CREATE TABLE planted.t (x)", "absolute" },
        { "VACUUM INTO ?", "absolute" },
        { "VACUUM INTO ?", "relative" },
        { "VACUUM INTO ?", "other-app" },
        { "VACUUM INTO ?", "silo" },
        { "VACUUM main INTO ?", "absolute" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_statement_that_would_create_a_file_is_refused_and_creates_none(string sql, string where)
    {
        var silo = await fixture.GetAsync(() => []);
        using var outside = new OutsideDirectory();
        var victim = await VictimDatabase.SeedAsync(silo.Beta, "beta");
        var attacker = TestDatabases.New("attacker");
        (await silo.Alpha.ExecAsync(attacker, "CREATE TABLE mine (id INTEGER PRIMARY KEY, value TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(attacker, "INSERT INTO mine (value) VALUES ('alpha data')")).EnsureOk();
        var fileName = $"planted_{Guid.NewGuid():N}.db";
        var target = where switch
        {
            "absolute" => outside.Combine(fileName),
            "relative" => fileName,
            "other-app" => Path.Combine(silo.DataDirectory, victim.FullName, fileName),
            "silo" => Path.Combine(silo.DataDirectory, "silo", fileName),
            _ => throw new ArgumentOutOfRangeException(nameof(where), where, "unknown target"),
        };
        var fullTarget = Path.GetFullPath(target);
        var snapshot = FileSnapshot.Take(silo.DataDirectory, outside.Path);

        try
        {
            var answer = await silo.Alpha.ExecAsync(attacker, sql, target);

            answer.AssertRefused(sql.StartsWith("VACUUM", StringComparison.Ordinal) ? "VACUUM" : "ATTACH");
            Assert.False(File.Exists(fullTarget), $"The attack created '{fullTarget}'.");
            Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, fileName)), "The attack created a file in the silo's working directory.");
            outside.AssertEmpty();
            snapshot.AssertNoNewFiles(Path.Combine(silo.DataDirectory, $"alpha_{attacker}"));
            await victim.AssertIntactAsync();
        }
        finally
        {
            // A run against an unprotected silo must not leave the planted file behind (e.g. in the tests' bin folder).
            File.Delete(fullTarget);
            File.Delete(Path.Combine(Environment.CurrentDirectory, fileName));
        }
    }
}
