using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.PgWire;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary><c>DynamicDb:PgWire</c> settings: bad values stop the silo naming the setting; the off switch turns the listener off.</summary>
public sealed class PgWireSettingsTests
{
    [Theory]
    [InlineData("--DynamicDb:PgWire:Enabled", "maybe", "DynamicDb:PgWire:Enabled must be true or false; it is 'maybe'")]
    [InlineData("--DynamicDb:PgWire:Endpoint", "localhost", "DynamicDb:PgWire:Endpoint must be an address and port such as 127.0.0.1:6432; it is 'localhost'")]
    [InlineData("--DynamicDb:PgWire:MaxConnections", "0", "DynamicDb:PgWire:MaxConnections must be between 1 and 1000000; it is 0")]
    [InlineData("--DynamicDb:PgWire:StartupTimeout", "00:00:00", "DynamicDb:PgWire:StartupTimeout must be between")]
    [InlineData("--DynamicDb:PgWire:IdleTimeout", "-00:00:01", "DynamicDb:PgWire:IdleTimeout must not be negative")]
    [InlineData("--DynamicDb:PgWire:MaxMessageSize", "100", "DynamicDb:PgWire:MaxMessageSize must be between 1024 and 1073741824 bytes; it is 100")]
    public async Task A_bad_value_stops_the_silo_with_exit_code_78_naming_the_setting(string setting, string value, string message)
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await InProcessSilo.RunToExitAsync(data.Path, error, setting, value);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_in_use_stops_the_start_naming_the_setting()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var endpoint = taken.LocalEndPoint!.ToString()!;
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await InProcessSilo.RunToExitAsync(data.Path, error, "--DynamicDb:PgWire:Endpoint", endpoint);

        Assert.Equal(SiloHost.ExitCodeFailed, exitCode);
        Assert.Contains($"cannot listen on {endpoint} (DynamicDb:PgWire:Endpoint)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_frontend_does_not_listen()
    {
        await using var silo = await GatewaySilo.StartAsync(["--DynamicDb:PgWire:Enabled", "false"]);

        Assert.Null(silo.Services.GetService<PgWireListener>());
    }
}
