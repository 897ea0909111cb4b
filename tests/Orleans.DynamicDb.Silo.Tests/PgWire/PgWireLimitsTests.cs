using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Silo.PgWire;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>Limits and bad input on the wire: each gets a PostgreSQL-style error and closes only its own connection.</summary>
public sealed class PgWireLimitsTests(PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private const int MaxConnections = 6;
    private const int MaxConnectionsPerApp = 3;

    // Rows of about 210 bytes: some 8 MB, more than the socket buffers of both sides hold.
    private const string BigQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000) SELECT x, printf('%0200d', x) FROM c";

    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() =>
    [
        "--DynamicDb:PgWire:MaxConnections", MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--DynamicDb:PgWire:StartupTimeout", "00:00:03",
        "--DynamicDb:PgWire:MaxMessageSize", "4096",
        "--DynamicDb:PgWire:IdleTimeout", "00:00:10",
        "--DynamicDb:PgWire:MaxConnectionsPerApp", MaxConnectionsPerApp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--DynamicDb:PgWire:WriteTimeout", "00:00:02",
    ]);

    [Fact]
    public async Task A_client_speaking_another_protocol_version_is_told_which_one_and_closed()
    {
        var silo = await SiloAsync();
        await using var client = await RawPgClient.ConnectAsync(silo.Port);

        await client.StartupAsync(2, 0, ("user", "alpha"));

        var (code, message, severity) = await FatalAsync(client);
        Assert.Equal(("0A000", "FATAL"), (code, severity));
        Assert.Contains("unsupported frontend protocol 2.0", message, StringComparison.Ordinal);
        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task A_malformed_startup_packet_is_a_protocol_violation()
    {
        var silo = await SiloAsync();
        await using var client = await RawPgClient.ConnectAsync(silo.Port);

        // A length that cannot even hold the protocol version.
        await client.SendRawAsync([0, 0, 0, 6, 0, 3]);

        var (code, message, _) = await FatalAsync(client);
        Assert.Equal("08P01", code);
        Assert.Contains("invalid message length", message, StringComparison.Ordinal);
        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task An_unknown_message_type_closes_the_connection()
    {
        var silo = await SiloAsync();
        await using var client = await RawPgClient.LoginAsync(silo.Port, "alpha", GatewaySilo.AlphaKey, "limits");

        await client.SendAsync('y', [1, 2, 3]);

        var (code, message, _) = await FatalAsync(client);
        Assert.Equal("08P01", code);
        Assert.Contains("invalid frontend message type", message, StringComparison.Ordinal);
        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_names_the_setting()
    {
        var silo = await SiloAsync();
        await using var client = await RawPgClient.LoginAsync(silo.Port, "alpha", GatewaySilo.AlphaKey, "limits");

        await client.SendRawAsync([(byte)'Q', .. RawPgClient.BigEndian(100_000)]);

        var (code, message, _) = await FatalAsync(client);
        Assert.Equal("54000", code);
        Assert.Contains("DynamicDb:PgWire:MaxMessageSize", message, StringComparison.Ordinal);
        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task A_client_that_does_not_finish_its_startup_in_time_is_closed()
    {
        var silo = await SiloAsync();
        await using var client = await RawPgClient.ConnectAsync(silo.Port);

        var (code, message, _) = await FatalAsync(client);

        Assert.Equal("08P01", code);
        Assert.Contains("DynamicDb:PgWire:StartupTimeout", message, StringComparison.Ordinal);
        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout_with_57P05()
    {
        var silo = await SiloAsync();
        await using var client = await RawPgClient.LoginAsync(silo.Port, "alpha", GatewaySilo.AlphaKey, "limits");

        var (code, message, _) = await FatalAsync(client);

        Assert.Equal("57P05", code);
        Assert.Contains("DynamicDb:PgWire:IdleTimeout", message, StringComparison.Ordinal);
        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_refused_with_53300_until_one_closes()
    {
        var silo = await SiloAsync();
        var held = new List<RawPgClient>();
        try
        {
            // Up to the limit (other tests of the class may hold a connection for a moment: fill until refused).
            RawPgClient? refused = null;
            for (var i = 0; i <= MaxConnections && refused is null; i++)
            {
                var client = await RawPgClient.ConnectAsync(silo.Port);
                await client.StartupAsync(3, 0, ("user", "alpha"), ("database", "limits"));
                var (type, payload) = await client.ReadAsync();
                if (type == 'E')
                {
                    Assert.Equal("53300", RawPgClient.Error(payload).Code);
                    Assert.Contains("DynamicDb:PgWire:MaxConnections", RawPgClient.Error(payload).Message, StringComparison.Ordinal);
                    refused = client;
                }
                else
                {
                    Assert.Equal('R', type);
                    held.Add(client);
                }
            }

            Assert.NotNull(refused);
            await refused.DisposeAsync();
            var psql = await Psql.RunAsync(silo.Libpq("alpha", "limits"), GatewaySilo.AlphaKey, null, "-c", "SELECT 1");
            Assert.Contains("too many clients", psql.Error, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }

        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task Connections_of_one_app_beyond_its_limit_are_refused_with_53300_naming_the_app_while_other_apps_connect()
    {
        var silo = await SiloAsync();
        var apps = silo.Silo.Services.GetRequiredService<PgAppConnections>();
        await Eventually.True(() => apps.Open("alpha") == 0, "earlier tests' alpha connections are closed");
        var held = new List<RawPgClient>();
        try
        {
            for (var i = 0; i < MaxConnectionsPerApp; i++)
            {
                held.Add(await RawPgClient.LoginAsync(silo.Port, "alpha", GatewaySilo.AlphaKey, "limits"));
            }

            Assert.Equal(MaxConnectionsPerApp, apps.Open("alpha"));
            var refused = await Psql.RunAsync(silo.Libpq("alpha", "limits"), GatewaySilo.AlphaKey, null, "-c", "SELECT 1");
            var otherApp = await Psql.RunAsync(silo.Libpq("beta", "limits"), GatewaySilo.BetaKey, null, "-A", "-t", "-c", "SELECT 6 * 7");

            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("too many connections for app \"alpha\"", refused.Error, StringComparison.Ordinal);
            Assert.Contains("(DynamicDb:PgWire:MaxConnectionsPerApp)", refused.Error, StringComparison.Ordinal);
            Assert.True(otherApp.ExitCode == 0, $"another app connects: {otherApp.Error}");
            Assert.Equal("42", otherApp.Output.Trim());
            Assert.Equal(MaxConnectionsPerApp, apps.Open("alpha"));
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }

        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_after_the_write_timeout_while_others_are_served()
    {
        var silo = await SiloAsync();
        var apps = silo.Silo.Services.GetRequiredService<PgAppConnections>();
        await Eventually.True(() => apps.Open("beta") == 0, "earlier tests' beta connections are closed");
        await using var slow = await RawPgClient.LoginAsync(silo.Port, "beta", GatewaySilo.BetaKey, "slow", receiveBufferSize: 4096);
        Assert.Equal(1, apps.Open("beta"));

        // A big result, and the client never reads it: the server's writes block once the socket buffers are full.
        await slow.SendAsync('Q', RawPgClient.CString(BigQuery));

        await AssertServesOthersAsync(silo);
        await Eventually.True(() => apps.Open("beta") == 0, "the server closed the connection of the client that stopped reading", TimeSpan.FromSeconds(60));
        var received = await slow.ReadUntilAsync('Z');
        Assert.DoesNotContain(received, m => m.Type is 'Z' or 'C');
        Assert.Equal('\0', received[^1].Type);
        await AssertServesOthersAsync(silo);
    }

    [Fact]
    public async Task An_ssl_request_is_answered_N_when_no_certificate_is_configured()
    {
        var silo = await SiloAsync();
        await using var client = await RawPgClient.ConnectAsync(silo.Port);

        await client.SendRawAsync([.. RawPgClient.BigEndian(8), .. RawPgClient.BigEndian(80877103)]);

        Assert.Equal((byte)'N', await client.ReadByteAsync());
        var require = await Psql.RunAsync(silo.Libpq("alpha", "limits").Replace("sslmode=disable", "sslmode=require", StringComparison.Ordinal), GatewaySilo.AlphaKey, null, "-c", "SELECT 1");
        Assert.Equal(2, require.ExitCode);
        Assert.Contains("server does not support SSL", require.Error, StringComparison.Ordinal);
    }

    private static async Task<(string Code, string Message, string Severity)> FatalAsync(RawPgClient client)
    {
        var (type, payload) = await client.ReadAsync();
        Assert.True(type == 'E', $"expected an ErrorResponse, got '{type}'");
        var error = RawPgClient.Error(payload);
        Assert.Equal("FATAL", error.Severity);
        Assert.Equal('\0', (await client.ReadAsync()).Type);
        return error;
    }

    private static async Task AssertServesOthersAsync(PgWireSilo silo) =>
        await Eventually.True(async () =>
        {
            var (code, output, _) = await Psql.RunAsync(silo.Libpq("alpha", "limits"), GatewaySilo.AlphaKey, null, "-A", "-t", "-c", "SELECT 6 * 7");
            return code == 0 && output.Trim() == "42";
        }, "the silo serves a well-behaved psql client");
}
