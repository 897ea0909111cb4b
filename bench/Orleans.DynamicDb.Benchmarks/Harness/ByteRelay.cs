using System.Net;
using System.Net.Sockets;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The least a .NET process can do between a PostgreSQL client and its server: accept a connection, open one to the
/// server, and copy bytes both ways with one receive and one send per chunk, parsing nothing (session pooling with no
/// pool). It is the floor under any frontend written on .NET sockets, measured beside PgBouncer by the part
/// <c>relay</c> (<see cref="Suites.RelayFloor"/>); it is not part of the product.
/// </summary>
internal static class ByteRelay
{
    /// <summary>The hidden argument that makes the benchmark process a relay (started by <see cref="Suites.RelayFloor"/>).</summary>
    public const string ServeArgument = "relay-serve";

    /// <summary>Listens on <paramref name="listenPort"/> and relays every connection to <paramref name="serverPort"/> until killed.</summary>
    public static async Task ServeAsync(int listenPort, int serverPort)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, listenPort));
        listener.Listen(1024);
        Console.WriteLine($"relaying 127.0.0.1:{listenPort} to 127.0.0.1:{serverPort}");
        while (true)
        {
            var client = await listener.AcceptAsync();
            _ = RelayAsync(client, serverPort);
        }
    }

    private static async Task RelayAsync(Socket client, int serverPort)
    {
        using (client)
        using (var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.NoDelay = true;
            server.NoDelay = true;
            try
            {
                await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, serverPort));
            }
            catch (SocketException)
            {
                return;
            }

            await Task.WhenAny(CopyAsync(client, server), CopyAsync(server, client));
        }
    }

    private static async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (SocketException)
        {
            // One side closed: the relay of this connection ends.
        }
        catch (ObjectDisposedException)
        {
            // The other direction ended first and disposed the sockets.
        }
    }
}
