using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>PostgreSQL 15's <c>pgbench</c> through the wire frontend: <c>-i</c> (COPY included), the TPC-B-like script and <c>-S</c>, on both engine kinds.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class PgbenchTests(PostgresFixture postgres, PgWireSiloFixture fixture, ITestOutputHelper output) : IClassFixture<PgWireSiloFixture>
{
    private static readonly string PgbenchPath = File.Exists("/usr/lib/postgresql/15/bin/pgbench") ? "/usr/lib/postgresql/15/bin/pgbench" : "pgbench";

    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() => PgWireSiloFixture.SqliteAndPostgres(postgres));

    [Theory]
    [InlineData("pg", 4)]
    [InlineData("sqlite", 4)]
    public async Task Pgbench_initialises_and_runs_tpcb_and_select_only_without_failures_and_the_balances_add_up(string engine, int writers)
    {
        var silo = await SiloAsync();
        var database = $"bench_{engine}_{Guid.NewGuid():N}"[..30];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync(engine);

        var init = await RunAsync(silo, database, "-i", "-s", "1");
        // SQLite has one writer at a time: its write transactions queue at the database's write gate (asynchronously), so
        // four clients take turns instead of stalling each other's workers in SQLite's busy handler.
        var tpcb = await RunAsync(silo, database, "-c", writers.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(writers, 2).ToString(CultureInfo.InvariantCulture), "-T", "5");
        // -n: no vacuum, whose TRUNCATE pgbench_history would take the history the balances are checked against.
        var selectOnly = await RunAsync(silo, database, "-S", "-n", "-c", "4", "-j", "2", "-T", "5");

        Assert.True(init.ExitCode == 0, $"pgbench -i failed ({init.ExitCode}): {init.Error}");
        Assert.True(tpcb.ExitCode == 0, $"pgbench failed ({tpcb.ExitCode}): {tpcb.Output} {tpcb.Error}");
        Assert.True(selectOnly.ExitCode == 0, $"pgbench -S failed ({selectOnly.ExitCode}): {selectOnly.Output} {selectOnly.Error}");
        Assert.Contains("number of failed transactions: 0 ", tpcb.Output, StringComparison.Ordinal);
        Assert.Contains("number of failed transactions: 0 ", selectOnly.Output, StringComparison.Ordinal);
        Assert.True(Processed(tpcb.Output) > 0, tpcb.Output);
        Assert.True(Processed(selectOnly.Output) > 0, selectOnly.Output);

        await using var connection = new NpgsqlConnection(silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database));
        await connection.OpenAsync();
        Assert.Equal(100_000L, await ScalarAsync(connection, "SELECT count(*) FROM pgbench_accounts"));
        var history = await ScalarAsync(connection, "SELECT count(*) FROM pgbench_history");
        var delta = await ScalarAsync(connection, "SELECT coalesce(sum(delta), 0) FROM pgbench_history");
        Assert.True(history >= Processed(tpcb.Output), $"{history} history rows for {Processed(tpcb.Output)} transactions");
        Assert.Equal(delta, await ScalarAsync(connection, "SELECT sum(abalance) FROM pgbench_accounts"));
        Assert.Equal(delta, await ScalarAsync(connection, "SELECT sum(tbalance) FROM pgbench_tellers"));
        Assert.Equal(delta, await ScalarAsync(connection, "SELECT sum(bbalance) FROM pgbench_branches"));
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(PgWireSilo silo, string database, params string[] arguments)
    {
        var start = new ProcessStartInfo(PgbenchPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-h", "127.0.0.1", "-p", silo.Port.ToString(CultureInfo.InvariantCulture), "-U", "alpha", .. arguments, database])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = GatewaySilo.AlphaKey;
        start.Environment["PGSSLMODE"] = "disable";
        start.Environment["PGCONNECT_TIMEOUT"] = "20";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"pgbench ({PgbenchPath}) did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pgbench {string.Join(' ', arguments)} did not finish within 3 minutes: {await stdout} {await stderr}");
        }

        var result = (process.ExitCode, await stdout, await stderr);
        output.WriteLine($"pgbench {string.Join(' ', arguments)} → {result.ExitCode}\n{result.Item2}\n{result.Item3}");
        return result;
    }

    private static long Processed(string output) =>
        ProcessedLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex ProcessedLine();
}
