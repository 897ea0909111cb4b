using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Orleans.DynamicDb.Client.Tls;

namespace Orleans.DynamicDb.Client;

/// <summary>
/// Checks <see cref="DynamicDbClientOptions"/> when the client is added (the Orleans client needs the resolved gateways
/// and certificates then); every failure names the setting and its bad value.
/// </summary>
internal static class DynamicDbClientOptionsValidator
{
    /// <summary>Validates and resolves what the Orleans client needs: the gateway endpoints and the TLS certificates.</summary>
    internal static void Check(DynamicDbClientOptions options, List<string> failures, out IReadOnlyList<IPEndPoint> gateways, out ClientCertificates? certificates)
    {
        var usesRedis = !string.IsNullOrWhiteSpace(options.RedisConnectionString);
        var endpoints = new List<IPEndPoint>();
        if (usesRedis && options.Gateways.Count > 0)
        {
            failures.Add(
                $"{DynamicDbClientOptions.Setting(nameof(options.Gateways))} and {DynamicDbClientOptions.Setting(nameof(options.RedisConnectionString))} are both set: "
                + "set the gateways of fixed silos, or the Redis of a cluster whose membership lists them, not both.");
        }
        else if (!usesRedis)
        {
            var configured = options.Gateways.Count == 0 ? [DynamicDbClientOptions.DefaultGateway] : options.Gateways;
            for (var i = 0; i < configured.Count; i++)
            {
                if (Endpoint(configured[i], out var problem) is { } endpoint)
                {
                    endpoints.Add(endpoint);
                }
                else
                {
                    failures.Add($"{DynamicDbClientOptions.Setting(nameof(options.Gateways))}:{i} '{configured[i]}' {problem}");
                }
            }
        }

        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{DynamicDbClientOptions.Setting(nameof(options.ResponseTimeout))} must be a positive time span, e.g. \"00:00:30\"; it is {options.ResponseTimeout}.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{DynamicDbClientOptions.Setting(nameof(options.ConnectTimeout))} must be a positive time span, e.g. \"00:00:05\"; it is {options.ConnectTimeout}.");
        }

        if (options.StartTimeout < TimeSpan.Zero)
        {
            failures.Add($"{DynamicDbClientOptions.Setting(nameof(options.StartTimeout))} must not be negative, e.g. \"00:00:30\" (zero: one attempt); it is {options.StartTimeout}.");
        }

        certificates = options.Tls.Enabled
            ? ClientCertificates.Load(options.Tls, DynamicDbClientOptions.Setting(nameof(options.Tls)), failures)
            : null;
        gateways = endpoints;
    }

    private static IPEndPoint? Endpoint(string? text, out string problem)
    {
        const string Hint = "is not a gateway endpoint: write host:port, e.g. 127.0.0.1:30000.";
        problem = Hint;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }

        var host = text![..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (chosen is not null)
            {
                return new IPEndPoint(chosen, port);
            }
        }
        catch (SocketException e)
        {
            problem = $"cannot be resolved ({e.Message}): write host:port with a host name this machine resolves, or an IP address.";
            return null;
        }

        problem = "cannot be resolved to an address: write host:port with a host name this machine resolves, or an IP address.";
        return null;
    }
}
