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
    [InlineData("--DynamicDb:PgWire:MaxConnectionsPerApp", "-1", "DynamicDb:PgWire:MaxConnectionsPerApp must be between 0 (no limit of its own) and 1000000; it is -1")]
    [InlineData("--DynamicDb:PgWire:WriteTimeout", "00:00:00", "DynamicDb:PgWire:WriteTimeout must be between 00:00:00 (exclusive) and 01:00:00; it is 00:00:00")]
    [InlineData("--DynamicDb:PgWire:RequireTls", "true", "DynamicDb:PgWire:RequireTls is true but no certificate is configured: set DynamicDb:PgWire:Certificate:Path")]
    [InlineData("--DynamicDb:PgWire:Certificate:KeyPath", "/nowhere/server.key", "DynamicDb:PgWire:Certificate:Path must be set when DynamicDb:PgWire:Certificate:KeyPath or DynamicDb:PgWire:Certificate:Password is")]
    public async Task A_bad_value_stops_the_silo_with_exit_code_78_naming_the_setting(string setting, string value, string message)
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await InProcessSilo.RunToExitAsync(data.Path, error, setting, value);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "DynamicDb:PgWire:Certificate:Path: the file '{dir}/missing.pem' does not exist.")]
    [InlineData("missing-key", "DynamicDb:PgWire:Certificate:KeyPath: the file '{dir}/missing.key' does not exist.")]
    [InlineData("no-key", "DynamicDb:PgWire:Certificate:Path: no usable private key for the certificate in '{dir}/server.crt' was found in '{dir}/server.crt'")]
    [InlineData("wrong-key", "DynamicDb:PgWire:Certificate:KeyPath: no usable private key for the certificate in '{dir}/server.crt' was found in '{dir}/other.key'")]
    [InlineData("wrong-password", "DynamicDb:PgWire:Certificate:Path: '{dir}/server.pfx' is not a PEM certificate and cannot be read as PKCS#12 (.pfx)")]
    [InlineData("not-a-certificate", "DynamicDb:PgWire:Certificate:Path: '{dir}/garbage.bin' is not a PEM certificate and cannot be read as PKCS#12 (.pfx)")]
    public async Task A_certificate_that_cannot_be_used_stops_the_silo_with_exit_code_78_naming_the_setting_and_the_file(string problem, string message)
    {
        using var certificate = new TestCertificate();
        File.WriteAllText(certificate.Combine("other.key"), System.Security.Cryptography.ECDsa.Create().ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(certificate.Combine("garbage.bin"), [1, 2, 3, 4, 5]);
        string[] arguments = problem switch
        {
            "missing" => ["--DynamicDb:PgWire:Certificate:Path", certificate.Combine("missing.pem")],
            "missing-key" => ["--DynamicDb:PgWire:Certificate:Path", certificate.CertificatePath, "--DynamicDb:PgWire:Certificate:KeyPath", certificate.Combine("missing.key")],
            "no-key" => ["--DynamicDb:PgWire:Certificate:Path", certificate.CertificatePath],
            "wrong-key" => ["--DynamicDb:PgWire:Certificate:Path", certificate.CertificatePath, "--DynamicDb:PgWire:Certificate:KeyPath", certificate.Combine("other.key")],
            "wrong-password" => ["--DynamicDb:PgWire:Certificate:Path", certificate.PfxPath, "--DynamicDb:PgWire:Certificate:Password", "not-the-password"],
            _ => ["--DynamicDb:PgWire:Certificate:Path", certificate.Combine("garbage.bin")],
        };
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await InProcessSilo.RunToExitAsync(data.Path, error, arguments);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(message.Replace("{dir}", Path.GetDirectoryName(certificate.PfxPath), StringComparison.Ordinal), error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pkcs12_file_with_its_password_and_a_pem_file_holding_certificate_and_key_are_both_loaded_with_their_keys()
    {
        using var certificate = new TestCertificate();

        using var pfx = PgWireCertificate.TryLoad(new PgWireCertificateOptions { Path = certificate.PfxPath, Password = TestCertificate.PfxPassword }, out var pfxProblem);
        using var pem = PgWireCertificate.TryLoad(new PgWireCertificateOptions { Path = certificate.CombinedPemPath }, out var pemProblem);

        Assert.Null(pfxProblem);
        Assert.Null(pemProblem);
        Assert.True(pfx!.HasPrivateKey);
        Assert.True(pem!.HasPrivateKey);
        Assert.Equal(certificate.Thumbprint, pfx.Thumbprint);
        Assert.Equal(certificate.Thumbprint, pem.Thumbprint);
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
