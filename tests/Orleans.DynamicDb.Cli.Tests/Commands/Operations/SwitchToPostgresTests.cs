using System.Security.Cryptography;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

/// <summary>The tests that share one real PostgreSQL server (PostgreSQL 15, started for the run).</summary>
[CollectionDefinition(Name)]
public sealed class OpsPostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "CLI operations with PostgreSQL";
}

/// <summary><c>dyndb switch</c> between the embedded SQLite engine and a registered PostgreSQL server, and back.</summary>
[Collection(OpsPostgresCollection.Name)]
public sealed class SwitchToPostgresTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_database_switches_from_sqlite_to_postgres_and_back_with_its_rows()
    {
        using var data = new TempDirectory();
        var appKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var silo = SiloProcess.Start(
            data.Path,
            "--Logging:LogLevel:Default", "Warning",
            "--DynamicDb:Auth:ApiKeys:0:App", "opsapp",
            "--DynamicDb:Auth:ApiKeys:0:Key", appKey,
            "--DynamicDb:Auth:AdminKeys:0:Key", adminKey,
            "--DynamicDb:Engines:0:Id", "sqlite",
            "--DynamicDb:Engines:0:Kind", "sqlite",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:1:Id", "pg",
            "--DynamicDb:Engines:1:Kind", "postgres",
            "--DynamicDb:Engines:1:ConnectionString", postgres.Server.ConnectionString);
        await silo.WaitUntilReadyAsync();
        using var cli = new CliRunner()
            .WithVariable("DYNDB_URL", silo.Address.ToString().TrimEnd('/'))
            .WithVariable("DYNDB_KEY", appKey)
            .WithVariable("DYNDB_ADMIN_KEY", adminKey);
        var db = await SeededDatabaseAsync(cli, 4000, "pg");

        var there = await cli.RunAsync("switch", $"opsapp/{db}", "--to", "pg", "--poll-interval", "50");
        Assert.True(there.ExitCode == 0, $"{there}\n{silo.Output}");
        Assert.Matches(@"state\s+completed", there.Stdout);
        Assert.Matches(@"rows copied\s+4000", there.Stdout);
        Assert.Matches(@"write pause\s+\d+(\.\d+)? ms", there.Stdout);
        Assert.Equal("pg", JsonDocument.Parse((await Ok(cli, "--json", "databases", "status", db)).Stdout).RootElement.GetProperty("engine").GetString());
        await Ok(cli, "databases", "exec", db, "INSERT INTO items (id, v) VALUES (4001, 'on postgres')");

        var back = await Ok(cli, "--json", "switch", $"opsapp/{db}", "--to", "sqlite");
        var record = JsonDocument.Parse(back.Stdout).RootElement;
        Assert.Equal(("completed", "pg", "sqlite", 4001L), (record.GetProperty("state").GetString(), record.GetProperty("source").GetString(),
            record.GetProperty("target").GetString(), record.GetProperty("rows_copied").GetInt64()));
        Assert.Contains("4001", (await Ok(cli, "databases", "query", db, "SELECT COUNT(*) AS n FROM items")).Stdout);
    }
}
