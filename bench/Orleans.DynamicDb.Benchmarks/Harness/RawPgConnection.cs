using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// A bare PostgreSQL protocol (v3) client connection, for opening thousands of idle connections cheaply: startup,
/// authentication (none/trust, or SCRAM-SHA-256 through <see cref="ScramClient"/>, whose salted password is computed
/// once per salt), then waits for ReadyForQuery. <see cref="QueryAsync"/> runs one simple query and answers its
/// command tag. Nothing else of the protocol.
/// </summary>
internal sealed class RawPgConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawPgConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> as <paramref name="user"/> on <paramref name="database"/>; fails with the server's error.</summary>
    public static async Task<RawPgConnection> OpenAsync(int port, string user, string database, ScramClient? scram, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new RawPgConnection(socket);
        try
        {
            await connection.StartupAsync(user, database, scram, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="sql"/> (simple query) and answers the last command tag; fails with the server's error.</summary>
    public async Task<string> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetBytes(sql);
        var message = new byte[1 + 4 + text.Length + 1];
        message[0] = (byte)'Q';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + text.Length + 1);
        text.CopyTo(message, 5);
        await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        string? tag = null;
        while (true)
        {
            var (type, body) = await ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (type)
            {
                case 'C':
                    tag = Encoding.UTF8.GetString(body, 0, body.Length - 1);
                    break;
                case 'E':
                    throw new InvalidOperationException($"query '{sql}' failed: {ErrorText(body)}");
                case 'Z':
                    return tag ?? throw new InvalidOperationException($"query '{sql}' answered no command tag");
            }
        }
    }

    /// <summary>True while the server has not closed the connection (nothing to read, or data without end of stream).</summary>
    public bool IsOpen => _socket.Connected && !(_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.Connected)
            {
                // Terminate: 'X', length 4.
                await _stream.WriteAsync(new byte[] { (byte)'X', 0, 0, 0, 4 }).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // closed already
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private async Task StartupAsync(string user, string database, ScramClient? scram, CancellationToken cancellationToken)
    {
        var parameters = Encoding.UTF8.GetBytes($"user\0{user}\0database\0{database}\0application_name\0dyndb-bench\0\0");
        var startup = new byte[8 + parameters.Length];
        BinaryPrimitives.WriteInt32BigEndian(startup, startup.Length);
        BinaryPrimitives.WriteInt32BigEndian(startup.AsSpan(4), 196608);
        parameters.CopyTo(startup, 8);
        await _stream.WriteAsync(startup, cancellationToken).ConfigureAwait(false);
        ScramClient.Exchange? exchange = null;
        while (true)
        {
            var (type, body) = await ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (type)
            {
                case 'E':
                    throw new InvalidOperationException($"startup as '{user}' on '{database}' failed: {ErrorText(body)}");
                case 'Z':
                    return;
                case 'R':
                    var code = BinaryPrimitives.ReadInt32BigEndian(body);
                    switch (code)
                    {
                        case 0:
                            break;
                        case 10:
                            exchange = (scram ?? throw new InvalidOperationException("the server asks for SCRAM-SHA-256 and no password was given")).Start();
                            var first = Encoding.UTF8.GetBytes(exchange.ClientFirst);
                            var mechanism = "SCRAM-SHA-256\0"u8;
                            var initial = new byte[1 + 4 + mechanism.Length + 4 + first.Length];
                            initial[0] = (byte)'p';
                            BinaryPrimitives.WriteInt32BigEndian(initial.AsSpan(1), initial.Length - 1);
                            mechanism.CopyTo(initial.AsSpan(5));
                            BinaryPrimitives.WriteInt32BigEndian(initial.AsSpan(5 + mechanism.Length), first.Length);
                            first.CopyTo(initial, 5 + mechanism.Length + 4);
                            await _stream.WriteAsync(initial, cancellationToken).ConfigureAwait(false);
                            break;
                        case 11:
                            var final = Encoding.UTF8.GetBytes(exchange!.ClientFinal(Encoding.UTF8.GetString(body, 4, body.Length - 4)));
                            var response = new byte[1 + 4 + final.Length];
                            response[0] = (byte)'p';
                            BinaryPrimitives.WriteInt32BigEndian(response.AsSpan(1), response.Length - 1);
                            final.CopyTo(response, 5);
                            await _stream.WriteAsync(response, cancellationToken).ConfigureAwait(false);
                            break;
                        case 12:
                            exchange!.VerifyServerFinal(Encoding.UTF8.GetString(body, 4, body.Length - 4));
                            break;
                        default:
                            throw new InvalidOperationException($"authentication request {code} is not supported by this client");
                    }

                    break;
            }
        }
    }

    private async Task<(char Type, byte[] Body)> ReadAsync(CancellationToken cancellationToken)
    {
        var header = new byte[5];
        await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length < 4 || length > (64 << 20))
        {
            throw new InvalidOperationException($"malformed message '{(char)header[0]}' of length {length}");
        }

        var body = new byte[length - 4];
        await _stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return ((char)header[0], body);
    }

    /// <summary>"SEVERITY CODE message" from an ErrorResponse body.</summary>
    private static string ErrorText(byte[] body)
    {
        string? severity = null, code = null, message = null;
        var at = 0;
        while (at < body.Length && body[at] != 0)
        {
            var field = (char)body[at++];
            var end = Array.IndexOf(body, (byte)0, at);
            var value = Encoding.UTF8.GetString(body, at, end - at);
            at = end + 1;
            switch (field)
            {
                case 'S':
                    severity = value;
                    break;
                case 'C':
                    code = value;
                    break;
                case 'M':
                    message = value;
                    break;
            }
        }

        return $"{severity} {code} {message}";
    }
}
