using System.Net;
using System.Net.Sockets;

namespace Orleans.DynamicDb.TestInfrastructure;

/// <summary>
/// Free loopback TCP ports for servers started by tests, unique across the test processes that run at the same time.
/// </summary>
/// <remarks>
/// A port the OS hands out for "port 0" comes from the ephemeral range, where any outgoing connection (a driver
/// connecting to PostgreSQL, say) may take it between the moment a test picks it and the moment its server binds it —
/// seen as "could not bind: Address already in use" when test projects run in parallel. So ports come from 10000–19999
/// instead (below the ephemeral range and below the engines' test port ranges), in blocks of <see cref="BlockSize"/>: each test process claims a block by holding an
/// exclusive lock on a file in <c>{temp}/dyndb-test-ports</c> (released by the OS when the process ends, however it
/// ends), hands out its block's ports in turn, and skips a port something already listens on.
/// </remarks>
public static class FreePort
{
    /// <summary>Ports per claimed block.</summary>
    public const int BlockSize = 200;

    private const int FirstPort = 10_000;

    // Tests give engines fixed port ranges of their own from 20000 up (PortRangeStart); FreePort stays below them.
    private const int LastPort = 19_999;

    private static readonly Lock Gate = new();
    private static readonly List<FileStream> Claims = [];
    private static int _next;
    private static int _end;

    /// <summary>A loopback port nothing listens on now and no other test process of this machine was given.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            while (true)
            {
                if (_next >= _end && !ClaimBlock())
                {
                    return FromOperatingSystem();
                }

                var port = _next++;
                if (IsFree(port))
                {
                    return port;
                }
            }
        }
    }

    private static bool ClaimBlock()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dyndb-test-ports");
        Directory.CreateDirectory(directory);
        var last = Math.Min(LastPort, EphemeralStart() - 1);
        var blocks = (last - FirstPort + 1) / BlockSize;
        var start = Random.Shared.Next(blocks);
        for (var i = 0; i < blocks; i++)
        {
            var block = (start + i) % blocks;
            if (Claims.Count > 0 && Claims.Exists(c => c.Name.EndsWith($"block-{block}.lock", StringComparison.Ordinal)))
            {
                continue;
            }

            try
            {
                // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix: a block another live process holds throws.
                var claim = new FileStream(Path.Combine(directory, $"block-{block}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                Claims.Add(claim);
                _next = FirstPort + (block * BlockSize);
                _end = _next + BlockSize;
                return true;
            }
            catch (IOException)
            {
                // Held by another test process: try the next block.
            }
            catch (UnauthorizedAccessException)
            {
                // A lock file of another user: try the next block.
            }
        }

        return false;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FromOperatingSystem()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the OS's ephemeral range (Linux: <c>ip_local_port_range</c>), 32768 where unknown.</summary>
    private static int EphemeralStart()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(text[0], out var first) && first > FirstPort + BlockSize ? first : 32_768;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
