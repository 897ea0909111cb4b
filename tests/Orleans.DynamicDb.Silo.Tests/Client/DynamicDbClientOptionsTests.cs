using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.DynamicDb.Client;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>DynamicDb:Client settings: bound from configuration, checked at once, each failure naming its setting.</summary>
public sealed class DynamicDbClientOptionsTests
{
    [Fact]
    public void Without_settings_the_client_uses_the_gateway_of_a_silo_started_with_its_defaults()
    {
        using var host = Build([]);

        var gateways = host.Services.GetRequiredService<IOptions<StaticGatewayListProviderOptions>>().Value.Gateways;

        Assert.Equal("127.0.0.1:30000", Assert.Single(gateways).Authority);
    }

    [Fact]
    public void Gateways_are_read_from_the_DynamicDb_Client_section()
    {
        using var host = Build(new() { ["DynamicDb:Client:Gateways:0"] = "127.0.0.1:31001", ["DynamicDb:Client:Gateways:1"] = "localhost:31002" });

        var gateways = host.Services.GetRequiredService<IOptions<StaticGatewayListProviderOptions>>().Value.Gateways;

        Assert.Equal(["127.0.0.1:31001", "127.0.0.1:31002"], gateways.Select(g => g.Authority));
    }

    [Theory]
    [InlineData("DynamicDb:Client:Gateways:0", "127.0.0.1", "DynamicDb:Client:Gateways:0 '127.0.0.1' is not a gateway endpoint: write host:port")]
    [InlineData("DynamicDb:Client:Gateways:0", "127.0.0.1:70000", "DynamicDb:Client:Gateways:0 '127.0.0.1:70000' is not a gateway endpoint")]
    [InlineData("DynamicDb:Client:ResponseTimeout", "00:00:00", "DynamicDb:Client:ResponseTimeout must be a positive time span")]
    [InlineData("DynamicDb:Client:ConnectTimeout", "-00:00:01", "DynamicDb:Client:ConnectTimeout must be a positive time span")]
    [InlineData("DynamicDb:Client:StartTimeout", "-00:00:01", "DynamicDb:Client:StartTimeout must not be negative")]
    [InlineData("DynamicDb:Client:Tls:CertificatePath", "/nowhere/client.pfx", "DynamicDb:Client:Tls:CertificatePath '/nowhere/client.pfx' does not exist")]
    [InlineData("DynamicDb:Client:Tls:TrustedCertificatePath", "/nowhere/cluster.pem", "DynamicDb:Client:Tls:TrustedCertificatePath '/nowhere/cluster.pem' does not exist")]
    public void A_bad_setting_fails_at_once_naming_it(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(new() { [key] = value }));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Gateways_and_a_Redis_connection_string_are_not_both_allowed()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Build(new() { ["DynamicDb:Client:Gateways:0"] = "127.0.0.1:30000", ["DynamicDb:Client:RedisConnectionString"] = "127.0.0.1:6379" }));

        Assert.Contains("DynamicDb:Client:Gateways and DynamicDb:Client:RedisConnectionString are both set", error.Message);
    }

    [Fact]
    public void A_wrong_certificate_password_is_named_with_the_password_setting()
    {
        using var data = new TempDirectory();
        var pfx = TestCertificates.WritePfx(data.Path, "client");

        var error = Assert.Throws<OptionsValidationException>(() =>
            Build(new() { ["DynamicDb:Client:Tls:CertificatePath"] = pfx, ["DynamicDb:Client:Tls:CertificatePassword"] = "wrong" }));

        Assert.Contains($"DynamicDb:Client:Tls:CertificatePath '{pfx}' cannot be read", error.Message);
        Assert.Contains("check the file and DynamicDb:Client:Tls:CertificatePassword", error.Message);
    }

    [Fact]
    public void A_client_certificate_without_client_authentication_usage_is_refused()
    {
        using var data = new TempDirectory();
        var pfx = TestCertificates.WritePfx(data.Path, "server-only", TestCertificates.Password, "1.3.6.1.5.5.7.3.1");

        var error = Assert.Throws<OptionsValidationException>(() =>
            Build(new() { ["DynamicDb:Client:Tls:CertificatePath"] = pfx, ["DynamicDb:Client:Tls:CertificatePassword"] = TestCertificates.Password }));

        Assert.Contains("does not allow client authentication", error.Message);
    }

    [Fact]
    public void Code_changes_settings_after_configuration()
    {
        using var host = Build(new() { ["DynamicDb:Client:ResponseTimeout"] = "00:00:00" }, o => o.ResponseTimeout = TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), host.Services.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout);
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<DynamicDbClientOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseDynamicDbClient(configure);
        return builder.Build();
    }
}
