using System.Net;
using System.Net.Sockets;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>
/// Hands out loopback ports from a range to managed instances: a port is leased by at most one instance of this engine,
/// and is bind-probed before it is handed out so ports taken by other processes are skipped.
/// </summary>
internal sealed class PortAllocator(int first, int last)
{
    private readonly HashSet<int> _leased = [];

    /// <summary>Leases <paramref name="preferred"/> when it is in range and free, otherwise a free port from a random start in the range.</summary>
    public int Lease(int? preferred)
    {
        lock (_leased)
        {
            if (preferred is { } port && port >= first && port <= last && !_leased.Contains(port) && IsBindable(port))
            {
                _leased.Add(port);
                return port;
            }

            var size = last - first + 1;
            var offset = Random.Shared.Next(size);
            for (var i = 0; i < size; i++)
            {
                var candidate = first + ((offset + i) % size);
                if (!_leased.Contains(candidate) && IsBindable(candidate))
                {
                    _leased.Add(candidate);
                    return candidate;
                }
            }
        }

        throw new DynamicDbException(ErrorCodes.EngineUnavailable,
            $"No free port is left in the managed instance range {first}..{last}.", isTransient: true);
    }

    /// <summary>Records a port already in use by an instance this engine adopted.</summary>
    public void Adopt(int port)
    {
        lock (_leased)
        {
            _leased.Add(port);
        }
    }

    public void Release(int port)
    {
        lock (_leased)
        {
            _leased.Remove(port);
        }
    }

    /// <summary>True when nothing listens on 127.0.0.1:<paramref name="port"/> right now.</summary>
    public static bool IsBindable(int port)
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
}
