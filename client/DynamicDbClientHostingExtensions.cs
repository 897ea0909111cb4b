using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.DynamicDb.Client.Tls;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Client;

/// <summary>Makes a host a remote DynamicDb client: an Orleans client connected to the silos' gateways.</summary>
public static class DynamicDbClientHostingExtensions
{
    /// <summary>
    /// Adds an Orleans client (<c>UseOrleansClient</c>) that connects to the silos' gateways when the host starts, and
    /// <see cref="DynamicDbClient"/> over it. Settings are bound from <c>DynamicDb:Client</c> (see
    /// <see cref="DynamicDbClientOptions"/>), then <paramref name="configure"/> may change them; they are validated here.
    /// With no settings the client connects to <see cref="DynamicDbClientOptions.DefaultGateway"/>, the gateway of a silo
    /// started with its defaults. Not for a host that runs a silo: use <see cref="DynamicDbClientServiceCollectionExtensions.AddDynamicDbClient"/>
    /// there.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static IHostApplicationBuilder UseDynamicDbClient(this IHostApplicationBuilder builder, Action<DynamicDbClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new DynamicDbClientOptions();
        builder.Configuration.GetSection(DynamicDbClientOptions.SectionName).Bind(options);
        configure?.Invoke(options);

        var failures = new List<string>();
        DynamicDbClientOptionsValidator.Check(options, failures, out var gateways, out var certificates);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(DynamicDbClientOptions.SectionName, typeof(DynamicDbClientOptions), failures);
        }

        builder.Services.AddSingleton(Options.Create(options));
        builder.UseOrleansClient(client => Configure(client, options, gateways, certificates));
        builder.Services.AddDynamicDbClient();
        return builder;
    }

    private static void Configure(IClientBuilder client, DynamicDbClientOptions options, IReadOnlyList<IPEndPoint> gateways, ClientCertificates? certificates)
    {
        if (!string.IsNullOrWhiteSpace(options.RedisConnectionString))
        {
            client.UseRedisClustering(o =>
            {
                o.ConfigurationOptions = ConfigurationOptions.Parse(options.RedisConnectionString);
                o.ConfigurationOptions.AbortOnConnectFail = true;
            });
        }
        else
        {
            client.UseStaticClustering([.. gateways]);
        }

        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = string.IsNullOrWhiteSpace(options.ClusterId) ? o.ClusterId : options.ClusterId;
            o.ServiceId = string.IsNullOrWhiteSpace(options.ServiceId) ? o.ServiceId : options.ServiceId;
        });
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
        client.Configure<ConnectionOptions>(o => o.OpenConnectionTimeout = options.ConnectTimeout);
        client.UseConnectionRetryFilter(new ClientStartRetryFilter(options.StartTimeout, TimeProvider.System));

        if (certificates is not null)
        {
            client.UseTls(tls =>
            {
                tls.LocalCertificate = certificates.Local;
                tls.ClientCertificateMode = certificates.Local is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.RemoteCertificateValidation = (certificate, chain, _) => certificates.IsTrusted(certificate, chain);
                tls.HandshakeTimeout = options.ConnectTimeout;
            });
        }
    }
}
