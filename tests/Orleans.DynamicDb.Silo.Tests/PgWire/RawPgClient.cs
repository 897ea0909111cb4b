using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>
/// A bare PostgreSQL protocol client on a socket, for what Npgsql and psql never send: row-limited Execute, malformed
/// packets, other protocol versions. Its SCRAM-SHA-256 client side is written from RFC 5802 for these tests.
/// </summary>
internal sealed class RawPgClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawPgClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _stream.ReadTimeout = 30_000;
    }

    /// <summary>The client's own TCP port.</summary>
    public int LocalPort => ((System.Net.IPEndPoint)_tcp.Client.LocalEndPoint!).Port;

    /// <summary>Connects; a <paramref name="receiveBufferSize"/> above 0 makes the socket's receive buffer that small (a slow reader).</summary>
    public static async Task<RawPgClient> ConnectAsync(int port, int receiveBufferSize = 0)
    {
        var tcp = new TcpClient();
        if (receiveBufferSize > 0)
        {
            tcp.ReceiveBufferSize = receiveBufferSize;
        }

        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawPgClient(tcp);
    }

    /// <summary>Connects, authenticates with SCRAM-SHA-256 and reads up to the first ReadyForQuery.</summary>
    public static async Task<RawPgClient> LoginAsync(int port, string app, string key, string database, int receiveBufferSize = 0)
    {
        var client = await ConnectAsync(port, receiveBufferSize);
        await client.StartupAsync(3, 0, ("user", app), ("database", database));
        var (type, payload) = await client.ReadAsync();
        Assert.Equal('R', type);
        Assert.Equal(10, BinaryPrimitives.ReadInt32BigEndian(payload));
        var clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var clientFirstBare = $"n=,r={clientNonce}";
        var first = Encoding.UTF8.GetBytes("n,," + clientFirstBare);
        var initial = new List<byte>();
        initial.AddRange(Encoding.UTF8.GetBytes("SCRAM-SHA-256\0"));
        initial.AddRange(BigEndian(first.Length));
        initial.AddRange(first);
        await client.SendAsync('p', [.. initial]);
        (type, payload) = await client.ReadAsync();
        Assert.Equal(11, BinaryPrimitives.ReadInt32BigEndian(payload));
        var serverFirst = Encoding.UTF8.GetString(payload[4..]);
        var attributes = serverFirst.Split(',').ToDictionary(p => p[0], p => p[2..]);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), Convert.FromBase64String(attributes['s']), int.Parse(attributes['i'], System.Globalization.CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var withoutProof = $"c=biws,r={attributes['r']}";
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(SHA256.HashData(clientKey), authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        await client.SendAsync('p', Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}"));
        await client.ReadUntilAsync('Z');
        return client;
    }

    /// <summary>A startup packet of protocol <paramref name="major"/>.<paramref name="minor"/> with the given parameters.</summary>
    public Task StartupAsync(int major, int minor, params (string Name, string Value)[] parameters)
    {
        var body = new List<byte>();
        body.AddRange(BigEndian((major << 16) | minor));
        foreach (var (name, value) in parameters)
        {
            body.AddRange(Encoding.UTF8.GetBytes($"{name}\0{value}\0"));
        }

        body.Add(0);
        return SendRawAsync([.. BigEndian(body.Count + 4), .. body]);
    }

    /// <summary>A typed message with <paramref name="body"/>.</summary>
    public Task SendAsync(char type, byte[] body) => SendRawAsync([(byte)type, .. BigEndian(body.Length + 4), .. body]);

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The next backend message, or ('\0', []) when the server closed the connection.</summary>
    public async Task<(char Type, byte[] Payload)> ReadAsync()
    {
        var header = new byte[5];
        if (!await ReadExactlyAsync(header))
        {
            return ('\0', []);
        }

        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
        await ReadExactlyAsync(payload);
        return ((char)header[0], payload);
    }

    /// <summary>One byte with no framing (the answer to an SSLRequest).</summary>
    public async Task<byte> ReadByteAsync()
    {
        var one = new byte[1];
        Assert.True(await ReadExactlyAsync(one), "the server closed the connection instead of answering");
        return one[0];
    }

    /// <summary>Reads messages up to and including one of <paramref name="type"/>; answers all of them.</summary>
    public async Task<List<(char Type, byte[] Payload)>> ReadUntilAsync(char type)
    {
        var messages = new List<(char, byte[])>();
        while (true)
        {
            var message = await ReadAsync();
            messages.Add(message);
            if (message.Type == type || message.Type == '\0')
            {
                return messages;
            }
        }
    }

    /// <summary>The SQLSTATE and message of an ErrorResponse payload.</summary>
    public static (string Code, string Message, string Severity) Error(byte[] payload)
    {
        var fields = Encoding.UTF8.GetString(payload).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToDictionary(f => f[0], f => f[1..]);
        return (fields['C'], fields['M'], fields['S']);
    }

    /// <summary>The text of field <paramref name="column"/> of a DataRow payload.</summary>
    public static string? Field(byte[] payload, int column)
    {
        var at = 2;
        for (var c = 0; ; c++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(at));
            at += 4;
            if (c == column)
            {
                return length < 0 ? null : Encoding.UTF8.GetString(payload, at, length);
            }

            at += Math.Max(length, 0);
        }
    }

    /// <summary>A zero-terminated string.</summary>
    public static byte[] CString(string value) => Encoding.UTF8.GetBytes(value + "\0");

    public static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] BigEndian16(short value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>Cuts the connection as a killed client would: a reset, no Terminate.</summary>
    public void AbortSocket()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _stream.ReadExactlyAsync(buffer, timeout.Token);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
