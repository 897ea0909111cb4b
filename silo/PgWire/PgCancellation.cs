using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The open connections of this silo by their BackendKeyData, so a CancelRequest can find the statement to cancel.</summary>
internal sealed class PgCancellation
{
    private readonly ConcurrentDictionary<int, PgWireConnection> _connections = new();
    private int _nextProcessId = RandomNumberGenerator.GetInt32(1000, 1 << 20);

    /// <summary>Registers <paramref name="connection"/> and answers its process id and secret key.</summary>
    public (int ProcessId, int SecretKey) Register(PgWireConnection connection)
    {
        var processId = Interlocked.Increment(ref _nextProcessId);
        _connections[processId] = connection;
        return (processId, RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue));
    }

    public void Unregister(int processId) => _connections.TryRemove(processId, out _);

    /// <summary>Cancels the running statement of the connection with this key; false when there is none (wrong key, gone).</summary>
    public bool Cancel(int processId, int secretKey) =>
        _connections.TryGetValue(processId, out var connection) && connection.CancelRunning(secretKey);
}
