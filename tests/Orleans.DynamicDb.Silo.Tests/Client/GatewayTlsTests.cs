using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>
/// TLS on Orleans' gateway port (DynamicDb:Tls on the silo, DynamicDb:Client:Tls on the client), with self-signed
/// certificates made by the test, a silo process and the client sample as a process.
/// </summary>
public sealed class GatewayTlsTests
{
    private const string ShortStart = "00:00:03";

    [Fact]
    public async Task A_client_with_the_clusters_certificate_is_served_and_a_plain_client_is_refused()
    {
        using var data = new TempDirectory();
        var certificate = TestCertificates.WritePfx(data.Path, "cluster");
        var gateway = FreePort.Next();
        await using var silo = SiloProcess.Start(data.Combine("silo"), ClientSampleTests.SiloArguments(gateway, TlsArguments("DynamicDb:Tls", certificate)));
        await silo.WaitUntilReadyAsync();

        var secure = await ClientSample.RunAsync(ClientSampleTests.SampleArguments(gateway, "over tls", TlsArguments("DynamicDb:Client:Tls", certificate)));
        var plain = await ClientSample.RunAsync(ClientSampleTests.SampleArguments(gateway, "in clear", "--DynamicDb:Client:StartTimeout", ShortStart));

        Assert.True(secure.ExitCode == 0, $"The TLS client failed:\n{secure.All}\nSilo:\n{silo.Output}");
        Assert.Contains("  1: over tls", secure.OutputLines);
        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("The sample failed: ConnectionFailedException: Unable to connect to any of the 1 available gateways.", plain.Error);
        Assert.Equal(["{\"text\":\"over tls\"}"], await ClientSampleTests.StoredNotesAsync(silo));
    }

    [Fact]
    public async Task A_client_certificate_the_silo_does_not_trust_is_refused()
    {
        using var data = new TempDirectory();
        var certificate = TestCertificates.WritePfx(data.Path, "cluster");
        var stranger = TestCertificates.WritePfx(data.Path, "stranger");
        var gateway = FreePort.Next();
        await using var silo = SiloProcess.Start(data.Combine("silo"), ClientSampleTests.SiloArguments(gateway, TlsArguments("DynamicDb:Tls", certificate)));
        await silo.WaitUntilReadyAsync();

        // The stranger trusts the silo's certificate, but the silo does not trust the stranger's.
        var run = await ClientSample.RunAsync(ClientSampleTests.SampleArguments(
            gateway,
            "from a stranger",
            [.. TlsArguments("DynamicDb:Client:Tls", stranger), "--DynamicDb:Client:Tls:TrustedCertificatePath", TestCertificates.WritePublicPem(certificate), "--DynamicDb:Client:StartTimeout", ShortStart]));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Unable to connect to any of the 1 available gateways.", run.Error);
        Assert.Empty(await ClientSampleTests.DatabasesAsync(silo));
    }

    [Fact]
    public async Task Without_required_client_certificates_a_client_connects_by_trusting_the_silo_and_refuses_a_silo_it_does_not_trust()
    {
        using var data = new TempDirectory();
        var certificate = TestCertificates.WritePfx(data.Path, "cluster");
        var stranger = TestCertificates.WritePfx(data.Path, "stranger");
        var gateway = FreePort.Next();
        await using var silo = SiloProcess.Start(
            data.Combine("silo"),
            ClientSampleTests.SiloArguments(gateway, [.. TlsArguments("DynamicDb:Tls", certificate), "--DynamicDb:Tls:RequireClientCertificate", "false"]));
        await silo.WaitUntilReadyAsync();

        var trusting = await ClientSample.RunAsync(ClientSampleTests.SampleArguments(
            gateway, "no client certificate", "--DynamicDb:Client:Tls:TrustedCertificatePath", TestCertificates.WritePublicPem(certificate)));
        var distrusting = await ClientSample.RunAsync(ClientSampleTests.SampleArguments(
            gateway, "wrong trust", "--DynamicDb:Client:Tls:TrustedCertificatePath", TestCertificates.WritePublicPem(stranger), "--DynamicDb:Client:StartTimeout", ShortStart));

        Assert.True(trusting.ExitCode == 0, $"The client failed:\n{trusting.All}\nSilo:\n{silo.Output}");
        Assert.Equal(1, distrusting.ExitCode);
        Assert.Contains("Unable to connect to any of the 1 available gateways.", distrusting.Error);
        Assert.Equal(["{\"text\":\"no client certificate\"}"], await ClientSampleTests.StoredNotesAsync(silo));
    }

    [Theory]
    [InlineData("missing", "DynamicDb:Tls:CertificatePath '{dir}/missing.pfx' does not exist")]
    [InlineData("wrong-password", "DynamicDb:Tls:CertificatePath '{dir}/cluster.pfx' cannot be read (The certificate data cannot be read with the provided password")]
    [InlineData("server-only", "DynamicDb:Tls:CertificatePath '{dir}/server-only.pfx' holds a certificate whose extended key usage does not allow client authentication")]
    [InlineData("trust-without-certificate", "DynamicDb:Tls:TrustedCertificatePath is set but DynamicDb:Tls:CertificatePath is not")]
    public async Task Bad_TLS_settings_stop_the_silo_with_exit_code_78_naming_the_setting(string problem, string expected)
    {
        using var data = new TempDirectory();
        var cluster = TestCertificates.WritePfx(data.Path, "cluster");
        string[] arguments = problem switch
        {
            "missing" => ["--DynamicDb:Tls:CertificatePath", data.Combine("missing.pfx")],
            "wrong-password" => ["--DynamicDb:Tls:CertificatePath", cluster, "--DynamicDb:Tls:CertificatePassword", "not-the-password"],
            "server-only" => [.. TlsArguments("DynamicDb:Tls", TestCertificates.WritePfx(data.Path, "server-only", TestCertificates.Password, "1.3.6.1.5.5.7.3.1"))],
            _ => ["--DynamicDb:Tls:TrustedCertificatePath", TestCertificates.WritePublicPem(cluster)],
        };

        await using var silo = SiloProcess.Start(data.Combine("silo"), arguments);
        var exitCode = await silo.WaitForExitAsync(SiloProcess.StartTimeout);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(expected.Replace("{dir}", data.Path, StringComparison.Ordinal), silo.StandardError);
    }

    private static string[] TlsArguments(string section, string pfx) =>
        [$"--{section}:CertificatePath", pfx, $"--{section}:CertificatePassword", TestCertificates.Password];
}
