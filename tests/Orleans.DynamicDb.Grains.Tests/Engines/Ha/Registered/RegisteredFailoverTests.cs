using System.Runtime.Versioning;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Registered;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Registered;

/// <summary>
/// A <c>postgres-ha</c> engine over a registered group (three servers it does not run): SIGKILL of the primary under a
/// steady writer is failed over with SQL only, nothing acknowledged is lost, and the fenced old primary is never routed
/// to again, even when it comes back as a primary and the engine starts anew.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class RegisteredFailoverTests(ITestOutputHelper output)
{
    private static readonly string[] Names = ["m0", "m1", "m2"];

    [Fact]
    public async Task SIGKILL_of_the_primary_is_failed_over_with_SQL_only_the_other_standby_streams_synchronously_from_the_new_primary_and_no_acknowledged_write_is_lost()
    {
        var loggers = TestOutputLoggerProvider.CreateFactory(output);
        await using var servers = await ForeignGroup.StartAsync(38000, loggers);
        var options = servers.EngineOptions();
        Assert.Empty(EngineOptionsValidator.Validate([options]));
        var engine = new HaPostgresEngine(options, RegisteredReplicationGroup.Create(options, loggers), loggers);
        await using (engine)
        {
            await engine.StartAsync();
            Assert.Equal(("m0", 1L), (engine.Primary, engine.Epoch));
            var connection = await engine.OpenAsync(DatabaseName.Create("app", "ledger"));
            await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER NOT NULL)"));
            await using var writer = new SteadyWriter(connection);
            await writer.WaitForWritesAsync(30);

            await HaSignals.KillAsync(servers.Postmaster("m0")!.Value);
            var promoted = await engine.PromoteAsync(null);
            await writer.WaitForWritesAsync(30);
            var acknowledged = await writer.StopAsync();

            var other = promoted.Primary == "m1" ? "m2" : "m1";
            Assert.Equal(2, promoted.Epoch);
            Assert.Equal(MemberRole.Fenced, promoted["m0"].Role);
            Assert.Equal(MemberRole.Standby, promoted[other].Role);
            Assert.Equal(promoted.Primary, engine.Primary);
            await Eventually.True(async () => await servers.ScalarAsync<long>(promoted.Primary,
                $"SELECT count(*) FROM pg_stat_replication WHERE application_name = '{other}' AND state = 'streaming' AND sync_state = 'quorum'") == 1,
                $"{other} streams synchronously from the new primary {promoted.Primary}", TimeSpan.FromSeconds(30));
            Assert.Equal($"ANY 1 ({string.Join(", ", Names.Where(m => m != promoted.Primary))})",
                await servers.ScalarAsync<string>(promoted.Primary, "SHOW synchronous_standby_names"));
            var rows = (await connection.QueryAsync(new Statement("SELECT n FROM entries"))).Rows.Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            output.WriteLine($"{acknowledged.Count} acknowledged, {rows.Count} rows, {writer.Failures.Count} failed tries: {string.Join(" | ", writer.Failures.Select(f => f.ErrorCode).Distinct())}");
            Assert.All(acknowledged, n => Assert.Equal(1, rows.Count(r => r == n)));
            Assert.Equal(rows.Count, rows.Distinct().Count());
            await connection.CloseAsync();
        }
    }

    [Fact]
    public async Task The_fenced_old_primary_is_never_routed_to_again_even_when_it_comes_back_as_a_primary_and_the_engine_starts_anew()
    {
        var loggers = TestOutputLoggerProvider.CreateFactory(output);
        await using var servers = await ForeignGroup.StartAsync(39000, loggers);
        var options = servers.EngineOptions();
        var name = DatabaseName.Create("app", "ledger");
        string primary;
        var engine = new HaPostgresEngine(options, RegisteredReplicationGroup.Create(options, loggers), loggers);
        await using (engine)
        {
            await engine.StartAsync();
            var connection = await engine.OpenAsync(name);
            await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER NOT NULL)"));
            await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (1)"));
            await HaSignals.KillAsync(servers.Postmaster("m0")!.Value);
            primary = (await engine.PromoteAsync(null)).Primary;
            await connection.CloseAsync();
        }

        // The old primary comes back as it was: a primary (not in recovery) on its own timeline.
        await servers.RestartAsync("m0");
        Assert.False(await servers.ScalarAsync<bool>("m0", "SELECT pg_is_in_recovery()"));

        // A silo restart: a new engine over the same layout routes to the promoted primary, never to m0.
        var again = new HaPostgresEngine(options, RegisteredReplicationGroup.Create(options, loggers), loggers);
        await using (again)
        {
            await again.StartAsync();
            var connection = await again.OpenAsync(name);
            await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (2)"));
            var status = await again.GetGroupStatusAsync();

            Assert.Equal((primary, 2L), (again.Primary, again.Epoch));
            Assert.Equal(MemberRole.Fenced, status["m0"].Role);
            Assert.Null(status["m0"].Pid);
            Assert.Equal(2, (await connection.QueryAsync(new Statement("SELECT n FROM entries"))).Rows.Count);
            Assert.Equal(1L, await servers.ScalarAsync<long>("m0", "SELECT count(*) FROM pg_database WHERE datname = 'app_ledger'")); // the database is there too …
            var rebuild = await Assert.ThrowsAsync<DynamicDbException>(() => again.RebuildAsync("m0"));
            Assert.Contains("registered member m0 of replication group 'pg-reg' was fenced and needs a rebuild by its operator", rebuild.Message, StringComparison.OrdinalIgnoreCase);
            var switchover = await Assert.ThrowsAsync<DynamicDbException>(() => again.SwitchOverAsync(primary == "m1" ? "m2" : "m1"));
            Assert.Equal(ErrorCodes.EngineFailoverUnsafe, switchover.ErrorCode);
            Assert.Contains("planned switchover is not supported for registered groups", switchover.Message, StringComparison.Ordinal);
            await connection.CloseAsync();
        }

        // … but the write after the restart reached only the promoted primary.
        Assert.Equal(2L, await CountOnAsync(servers, primary));
        Assert.Equal(1L, await CountOnAsync(servers, "m0"));
    }

    [Fact]
    public async Task A_primary_frozen_with_SIGSTOP_is_failed_over_without_waiting_on_it_and_is_never_routed_to_after_SIGCONT()
    {
        var loggers = TestOutputLoggerProvider.CreateFactory(output);
        await using var servers = await ForeignGroup.StartAsync(43000, loggers);
        var options = servers.EngineOptions();
        var engine = new HaPostgresEngine(options, RegisteredReplicationGroup.Create(options, loggers), loggers);
        await using (engine)
        {
            await engine.StartAsync();
            var connection = await engine.OpenAsync(DatabaseName.Create("app", "ledger"));
            await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER NOT NULL)"));
            await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (1)"));
            var frozen = MemberProcesses.All(servers.Launcher.MemberDirectory("m0"));
            try
            {
                foreach (var pid in frozen)
                {
                    await HaSignals.SendAsync(pid, "STOP");
                }

                var promoted = await Eventually.Within(engine.PromoteAsync(null), "the promotion past a frozen primary", TimeSpan.FromSeconds(60));
                await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (2)"));

                Assert.Equal(2, promoted.Epoch);
                Assert.Equal(MemberRole.Fenced, promoted["m0"].Role);
                var other = promoted.Primary == "m1" ? "m2" : "m1";
                await Eventually.True(async () => await servers.ScalarAsync<long>(promoted.Primary,
                    $"SELECT count(*) FROM pg_stat_replication WHERE application_name = '{other}' AND state = 'streaming' AND sync_state = 'quorum'") == 1,
                    $"{other} streams synchronously from {promoted.Primary}", TimeSpan.FromSeconds(30));

                foreach (var pid in frozen)
                {
                    await HaSignals.SendAsync(pid, "CONT");
                }

                // Alive again and still a primary on its own, but the engine routes to the promoted one only.
                Assert.False(await servers.ScalarAsync<bool>("m0", "SELECT pg_is_in_recovery()"));
                await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (3)"));
                Assert.Equal(3, (await connection.QueryAsync(new Statement("SELECT n FROM entries"))).Rows.Count);
                Assert.Equal(promoted.Primary, engine.Primary);
                await connection.CloseAsync();
            }
            finally
            {
                foreach (var pid in frozen)
                {
                    await HaSignals.SendAsync(pid, "KILL");
                }
            }
        }
    }

    private static async Task<long> CountOnAsync(ForeignGroup servers, string member)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(servers.Launcher.ConnectionString(member)) { Database = "app_ledger" };
        await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM entries", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
