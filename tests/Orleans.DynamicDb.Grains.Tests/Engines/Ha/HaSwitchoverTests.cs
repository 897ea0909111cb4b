using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>
/// Planned switchovers of a <c>postgres-ha</c> engine on a real replication group (a primary and two standbys) under a
/// steady writer: statements are held, not failed, and nothing acknowledged is lost; a target that cannot catch up aborts
/// the switchover and the old primary keeps serving. The writer's longest pause per switchover is printed (not asserted).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class HaSwitchoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Switchovers_under_a_steady_writer_fail_no_statement_and_lose_no_acknowledged_write()
    {
        using var data = new TempDirectory();
        // No retries: a statement refused during a switchover would fail rather than be rerun later.
        await using var engine = await StartAsync(data, 35000, attempts: 1);
        var connection = await engine.OpenAsync(DatabaseName.Create("app", "ledger"));
        await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER PRIMARY KEY)"));
        await using var writer = new SteadyWriter(connection);

        var pauses = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var target = engine.Group.Members.First(m => m != engine.Primary && engine.Group.RoleOf(m) == MemberRole.Standby);
            await writer.WaitForWritesAsync(20);
            var started = Stopwatch.GetTimestamp();
            var timings = await engine.SwitchOverAsync(target);
            var ended = Stopwatch.GetTimestamp();
            await writer.WaitForWritesAsync(20);
            pauses.Add(writer.LongestGapAround(started, ended));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"switchover {i + 1} to {timings.Primary}: writer paused {pauses[^1]:F1} ms; held {timings.HeldMs} ms = drain {timings.DrainMs} + catch-up {timings.CatchUpMs} + fence {timings.FenceMs} + promote {timings.PromoteMs} + sync standby {timings.SyncStandbyMs} + route and reopen {timings.ReleaseMs}; prepare {timings.PrepareMs} ms"));
            await engine.RebuildAsync(timings.Previous);
        }

        var acknowledged = await writer.StopAsync();
        var rows = await connection.QueryAsync(new Statement("SELECT n FROM entries ORDER BY n"));
        var stored = rows.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();
        pauses.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writer pause p50 {pauses[pauses.Count / 2]:F1} ms, max {pauses[^1]:F1} ms over {pauses.Count} switchovers; {acknowledged.Count} writes acknowledged"));

        Assert.Empty(writer.Failures);
        Assert.Equal(6, engine.Epoch);
        Assert.All(acknowledged, n => Assert.Contains(n, stored));
        await connection.CloseAsync();
    }

    [Fact]
    public async Task Emergency_promotions_under_a_steady_writer_lose_no_acknowledged_write_and_the_writer_pauses_are_printed_for_comparison()
    {
        using var data = new TempDirectory();
        await using var engine = await StartAsync(data, 37000, attempts: 1);
        var connection = await engine.OpenAsync(DatabaseName.Create("app", "ledger"));
        await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER PRIMARY KEY)"));
        await using var writer = new SteadyWriter(connection);

        var pauses = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var target = engine.Group.Members.First(m => m != engine.Primary && engine.Group.RoleOf(m) == MemberRole.Standby);
            var previous = engine.Primary;
            await writer.WaitForWritesAsync(20);
            var failedBefore = writer.Failures.Count;
            var started = Stopwatch.GetTimestamp();
            await engine.PromoteAsync(target);
            var ended = Stopwatch.GetTimestamp();
            await writer.WaitForWritesAsync(20);
            pauses.Add(writer.LongestGapAround(started, ended));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"emergency promotion {i + 1} to {target}: writer paused {pauses[^1]:F1} ms, promotion {Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds:F1} ms, {writer.Failures.Count - failedBefore} statements failed"));
            await engine.RebuildAsync(previous);
        }

        var acknowledged = await writer.StopAsync();
        var rows = await connection.QueryAsync(new Statement("SELECT n FROM entries ORDER BY n"));
        var stored = rows.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();
        pauses.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"emergency: writer pause p50 {pauses[pauses.Count / 2]:F1} ms, max {pauses[^1]:F1} ms over {pauses.Count} promotions; {writer.Failures.Count} statements failed ({string.Join(", ", writer.Failures.Select(f => f.ErrorCode).Distinct())})"));

        Assert.Equal(6, engine.Epoch);
        Assert.All(acknowledged, n => Assert.Contains(n, stored));
        await connection.CloseAsync();
    }

    [Fact]
    public async Task A_switchover_whose_target_cannot_catch_up_within_the_catch_up_timeout_setting_is_aborted_and_the_old_primary_keeps_serving()
    {
        using var data = new TempDirectory();
        await using var engine = await StartAsync(data, 44000, attempts: 1, o => o.Switchover.CatchUpTimeout = TimeSpan.FromMilliseconds(300));
        var connection = await engine.OpenAsync(DatabaseName.Create("app", "ledger"));
        await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER PRIMARY KEY)"));
        var primary = engine.Primary;
        var target = engine.Group.Members.First(m => m != primary);
        var targetConnection = engine.Group.ConnectionString(target);
        await ExecuteAsync(targetConnection, "SELECT pg_wal_replay_pause()");
        await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (1)")); // flushed by the target, not replayed
        await using var writer = new SteadyWriter(connection, first: 2);
        await writer.WaitForWritesAsync(10);

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => engine.SwitchOverAsync(target));
        output.WriteLine($"refused: {refused.ErrorCode}: {refused.Message}");
        await writer.WaitForWritesAsync(10);
        var acknowledged = await writer.StopAsync();
        await ExecuteAsync(targetConnection, "SELECT pg_wal_replay_resume()");
        var rows = await connection.QueryAsync(new Statement("SELECT count(*) FROM entries"));

        Assert.Equal(ErrorCodes.EngineFailoverUnsafe, refused.ErrorCode);
        Assert.Contains(target, refused.Message, StringComparison.Ordinal);
        Assert.Contains("within 300 ms (the engine's Switchover:CatchUpTimeout)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, engine.Epoch);
        Assert.Equal(primary, engine.Primary);
        Assert.True(engine.Group.IsAtRest);
        Assert.Empty(writer.Failures);
        Assert.Equal(acknowledged.Count + 1, Convert.ToInt64(rows.Rows[0][0], CultureInfo.InvariantCulture));
        await Eventually.True(async () => (await engine.GetGroupStatusAsync()).Members.All(m => m.Name == primary || m.State == "streaming"),
            "every standby streams from the old primary again", TimeSpan.FromSeconds(30));
        await connection.CloseAsync();
    }

    private async Task<HaPostgresEngine> StartAsync(TempDirectory data, int ports, int attempts, Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions
        {
            Id = "pg-ha",
            Kind = EngineKinds.PostgresHa,
            DataDirectory = Path.Combine(data.Path, "group"),
            BinDirectory = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory,
            PortRangeStart = ports,
            PortRangeEnd = ports + 999,
        };
        options.Failover.Attempts = attempts;
        configure?.Invoke(options);
        var engine = new HaPostgresEngine(options, TestOutputLoggerProvider.CreateFactory(output));
        await engine.StartAsync();
        return engine;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var admin = new Npgsql.NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
