using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Registered;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Registered;

/// <summary>
/// Starting over registered servers: refused, naming the setting to fix and the servers, when commits would be
/// asynchronous or when there is not exactly one primary; a fenced member rejoins once its operator rebuilt it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class RegisteredStartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_primary_with_empty_synchronous_standby_names_is_refused_naming_the_setting_and_is_accepted_once_it_is_set()
    {
        var loggers = TestOutputLoggerProvider.CreateFactory(output);
        await using var servers = await ForeignGroup.StartAsync(36500, loggers);
        var options = servers.EngineOptions();
        await SetAsync(servers, "m0", "ALTER SYSTEM SET synchronous_standby_names = ''");

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => StartAsync(options, loggers));
        await SetAsync(servers, "m0", "ALTER SYSTEM SET synchronous_commit = 'local'", "ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 (m1, m2)'");
        var local = await Assert.ThrowsAsync<DynamicDbException>(() => StartAsync(options, loggers));
        await SetAsync(servers, "m0", "ALTER SYSTEM SET synchronous_commit = 'on'");
        await StartAsync(options, loggers);

        Assert.Equal(ErrorCodes.EngineStartFailed, refused.ErrorCode);
        Assert.Contains("synchronous_standby_names is empty on the primary m0", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'ANY 1 (m1, m2)'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("synchronous_commit is 'local' on the primary m0", local.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_without_a_primary_are_refused_naming_what_each_server_is()
    {
        var loggers = TestOutputLoggerProvider.CreateFactory(output);
        await using var servers = await ForeignGroup.StartAsync(37500, loggers);
        var options = servers.EngineOptions();
        options.Members.RemoveAt(0); // m1 and m2: two standbys

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => StartAsync(options, loggers));

        Assert.Equal(ErrorCodes.EngineStartFailed, refused.ErrorCode);
        Assert.Contains("needs exactly one primary among its members, but none is", refused.Message, StringComparison.Ordinal);
        Assert.Contains("m1 (127.0.0.1:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("a standby (in recovery)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fenced_member_rebuilt_by_its_operator_rejoins_as_a_standby_and_counts_for_synchronous_commits()
    {
        var loggers = TestOutputLoggerProvider.CreateFactory(output);
        await using var servers = await ForeignGroup.StartAsync(35500, loggers);
        var options = servers.EngineOptions();
        var engine = new HaPostgresEngine(options, RegisteredReplicationGroup.Create(options, loggers), loggers);
        await using (engine)
        {
            await engine.StartAsync();
            await HaSignals.KillAsync(servers.Postmaster("m0")!.Value);
            var promoted = await engine.PromoteAsync(null);
            Assert.Equal(MemberRole.Fenced, (await engine.GetGroupStatusAsync())["m0"].Role);

            // The operator rebuilds m0 as a standby of the new primary (here: the launcher's pg_rewind/base backup, pointed by hand).
            await servers.RebuildAsStandbyOfAsync("m0", promoted.Primary);
            await Eventually.True(async () => (await engine.GetGroupStatusAsync())["m0"].Role == MemberRole.Standby,
                "m0 rejoins as a standby", TimeSpan.FromSeconds(60));

            var layout = await File.ReadAllTextAsync(Path.Combine(servers.StateDirectory, LayoutFile.FileName));
            Assert.DoesNotContain("\"fenced\"", layout, StringComparison.Ordinal);
            var status = await engine.GetGroupStatusAsync();
            Assert.Equal("streaming", status["m0"].State);
        }
    }

    private static async Task StartAsync(EngineOptions options, ILoggerFactory loggers)
    {
        await using var engine = new HaPostgresEngine(options, RegisteredReplicationGroup.Create(options, loggers), loggers);
        await engine.StartAsync();
    }

    private static async Task SetAsync(ForeignGroup servers, string member, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(servers.Launcher.ConnectionString(member));
        await connection.OpenAsync();
        foreach (var sql in statements.Append("SELECT pg_reload_conf()"))
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        // The reload is asynchronous: wait until a new session sees the last setting.
        var last = statements[^1];
        var setting = last.Split(' ')[3];
        var value = last[(last.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim().Trim('\'');
        await Eventually.True(async () => await servers.ScalarAsync<string>(member, $"SELECT current_setting('{setting}')") == value,
            $"{setting} = '{value}' on {member}", TimeSpan.FromSeconds(10));
    }
}
