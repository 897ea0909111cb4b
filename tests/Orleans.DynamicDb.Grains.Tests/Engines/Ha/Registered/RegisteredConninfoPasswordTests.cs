using System.Runtime.Versioning;
using Npgsql;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Registered;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Registered;

/// <summary>
/// A password an operator put in a standby's <c>primary_conninfo</c>: the silo records that conninfo in
/// <c>group.json</c> to repoint the standby after a failover; the password is kept there encrypted, an earlier version's
/// plaintext file is rewritten encrypted, and a file another key ring encrypted stops the start naming the file.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class RegisteredConninfoPasswordTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "0perator-secret-4f1c2b";
    private readonly TempDirectory _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public void Only_the_password_of_a_recorded_conninfo_is_encrypted_and_it_reads_back_in_clear()
    {
        var secrets = new SecretProtector(_keys.Path);
        var layout = Layout($"host=10.0.0.5 port=5432 user=replicator password={Password} application_name=m1");

        var stored = RegisteredLayoutSecrets.Protect(layout, secrets);
        var read = RegisteredLayoutSecrets.Unprotect(stored, secrets, "group.json", out var plaintext);

        var file = stored["m1"].Conninfo!;
        Assert.DoesNotContain(Password, file);
        Assert.StartsWith(SecretProtector.ValuePrefix, Conninfo.Get(file, "password"));
        Assert.Equal("10.0.0.5", Conninfo.Get(file, "host"));
        Assert.Equal(layout["m1"].Conninfo, read["m1"].Conninfo);
        Assert.False(plaintext);
        Assert.Null(RegisteredLayoutSecrets.Protect(layout, secrets)["m0"].Conninfo);
    }

    [Fact]
    public async Task Group_json_holds_no_primary_conninfo_password_and_an_earlier_plaintext_file_is_rewritten_encrypted()
    {
        using var loggers = TestOutputLoggerProvider.CreateFactory(output);
        await using var servers = await ForeignGroup.StartAsync(45000, loggers);
        var secrets = new SecretProtector(_keys.Path);
        var primaryPort = new NpgsqlConnectionStringBuilder(servers.Launcher.ConnectionString("m0")).Port;
        await ExecuteAsync(servers, "m0", $"ALTER ROLE {ReplicationGroup.ReplicationUser} PASSWORD '{Password}'");
        foreach (var standby in (string[])["m1", "m2"])
        {
            await ExecuteAsync(servers, standby,
                $"ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port={primaryPort} user={ReplicationGroup.ReplicationUser} password={Password} application_name={standby}'",
                "SELECT pg_reload_conf()");
        }

        var options = servers.EngineOptions();
        var file = Path.Combine(servers.StateDirectory, LayoutFile.FileName);
        await StartAsync(options, loggers, secrets);
        var written = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(Password, written);
        Assert.Contains(SecretProtector.ValuePrefix, written);
        var recorded = RegisteredLayoutSecrets.Unprotect(LayoutFile.Read<RegisteredLayout>(servers.StateDirectory, "layout", "")!, secrets, file, out _);
        Assert.Equal(Password, Conninfo.Get(recorded["m1"].Conninfo!, "password"));

        // An earlier version's file, the password in clear: the next start rewrites it encrypted.
        LayoutFile.Write(servers.StateDirectory, recorded);
        Assert.Contains(Password, await File.ReadAllTextAsync(file));
        await StartAsync(options, loggers, secrets);
        Assert.DoesNotContain(Password, await File.ReadAllTextAsync(file));

        // Another key ring cannot read it: the engine does not start, the cause naming the file; the file is left as it is.
        var before = await File.ReadAllTextAsync(file);
        var error = await Assert.ThrowsAsync<DynamicDbException>(() => StartAsync(options, loggers, new SecretProtector(Path.Combine(_keys.Path, "other"))));
        Assert.Equal(ErrorCodes.EngineStartFailed, error.ErrorCode);
        var cause = Assert.IsType<DynamicDbException>(error.InnerException);
        Assert.Equal(ErrorCodes.SecretUnreadable, cause.ErrorCode);
        Assert.Contains(file, error.Message);
        Assert.Contains(Path.Combine(_keys.Path, "other"), error.Message);
        Assert.Equal(before, await File.ReadAllTextAsync(file));
    }

    private static RegisteredLayout Layout(string conninfo) => new()
    {
        Name = "g",
        Epoch = 1,
        Primary = "m0",
        Members = [new RegisteredMemberState("m0", MemberRole.Primary), new RegisteredMemberState("m1", MemberRole.Standby, conninfo)],
    };

    private static async Task StartAsync(EngineOptions options, Microsoft.Extensions.Logging.ILoggerFactory loggers, SecretProtector secrets)
    {
        await using var engine = new HaPostgresEngine(options, RegisteredReplicationGroup.Create(options, loggers, secrets: secrets), loggers);
        await engine.StartAsync();
    }

    private static async Task ExecuteAsync(ForeignGroup servers, string member, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(servers.Launcher.ConnectionString(member));
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
