using System.Globalization;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>
/// Orleans' silo and gateway ports carry no authentication, so the embedded default listens on loopback only: read
/// from the kernel's socket tables (/proc/net/tcp, tcp6), which list every listening socket's local address.
/// </summary>
public sealed class GatewayExposureTests
{
    private const string Listen = "0A";
    private const string Ipv4Loopback = "0100007F";
    private const string Ipv6Loopback = "00000000000000000000000001000000";

    [Fact]
    public async Task The_embedded_silo_listens_for_Orleans_on_loopback_only()
    {
        using var data = new TempDirectory();
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        await using var silo = InProcessSilo.Build(
            data.Path,
            "--Orleans:Endpoints:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture));
        await silo.StartAsync();

        foreach (var port in new[] { siloPort, gatewayPort })
        {
            var addresses = ListeningAddresses(port);

            Assert.True(addresses.Count > 0, $"Nothing listens on port {port}.");
            Assert.All(addresses, address => Assert.True(address is Ipv4Loopback or Ipv6Loopback, $"Port {port} listens on {address}, not on loopback."));
        }

        await silo.StopAsync();
    }

    /// <summary>The local addresses (hex, as the kernel writes them) of the sockets listening on <paramref name="port"/>.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var addresses = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            Assert.True(File.Exists(table), $"{table} is missing: this test reads Linux's socket tables.");
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // "  0: 0100007F:7530 00000000:0000 0A ..." = slot, local address:port, remote address:port, state.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] == Listen && local[1] == hexPort)
                {
                    addresses.Add(local[0]);
                }
            }
        }

        return addresses;
    }
}
