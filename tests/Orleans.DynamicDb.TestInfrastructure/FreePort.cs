using System.Net;
using System.Net.Sockets;

namespace Orleans.DynamicDb.TestInfrastructure;

/// <summary>Free loopback TCP ports for servers started by tests.</summary>
public static class FreePort
{
    /// <summary>A port the OS considers free on 127.0.0.1 right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
