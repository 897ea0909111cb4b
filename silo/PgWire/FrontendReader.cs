using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Reads framed client messages from the connection's <see cref="PipeReader"/> into one reused buffer: the startup
/// packets (length, body) and then typed messages (type byte, length, body), each at most <c>MaxMessageSize</c> bytes.
/// </summary>
internal sealed class FrontendReader(PipeReader input, int maxMessageSize) : IDisposable
{
    private byte[] _payload = ArrayPool<byte>.Shared.Rent(1024);

    /// <summary>The body of the last message read.</summary>
    public ReadOnlySpan<byte> Payload => _payload.AsSpan(0, Length);

    /// <summary>The body's length.</summary>
    public int Length { get; private set; }

    /// <summary>
    /// Reads the next message: true with its type (0 for a startup packet), false when the client
    /// closed the connection between messages. Bad framing throws a fatal <see cref="PgWireException"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(bool Read, byte Type)> ReadAsync(bool startup, CancellationToken cancellationToken)
    {
        var header = startup ? 4 : 5;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryTake(ref buffer, header, out var type, out var consumed))
            {
                input.AdvanceTo(consumed);
                return (true, type);
            }

            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                if (buffer.Length == 0)
                {
                    return (false, 0);
                }

                throw new PgWireException(PgSqlState.ProtocolViolation, "incomplete message from client: the connection closed in the middle of a message", fatal: true);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_payload);
        _payload = [];
    }

    private bool TryTake(ref ReadOnlySequence<byte> buffer, int header, out byte type, out SequencePosition consumed)
    {
        type = 0;
        consumed = buffer.Start;
        if (buffer.Length < header)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[5];
        buffer.Slice(0, header).CopyTo(head);
        type = header == 5 ? head[0] : (byte)0;
        if (header == 5 && type == 0)
        {
            throw new PgWireException(PgSqlState.ProtocolViolation, "invalid frontend message type 0", fatal: true);
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(head[(header - 4)..]);
        var bodyLength = (long)length - 4;
        if (bodyLength < 0 || (header == 4 && bodyLength < 4))
        {
            throw new PgWireException(PgSqlState.ProtocolViolation, $"invalid message length {length}", fatal: true);
        }

        if (bodyLength > maxMessageSize)
        {
            throw new PgWireException(PgSqlState.ProgramLimitExceeded,
                $"message of {bodyLength} bytes is larger than the limit of {maxMessageSize} bytes ({PgWireOptions.Setting(nameof(PgWireOptions.MaxMessageSize))})", fatal: true);
        }

        if (buffer.Length < header + bodyLength)
        {
            return false;
        }

        if (_payload.Length < bodyLength)
        {
            ArrayPool<byte>.Shared.Return(_payload);
            _payload = ArrayPool<byte>.Shared.Rent((int)bodyLength);
        }

        buffer.Slice(header, bodyLength).CopyTo(_payload);
        Length = (int)bodyLength;
        consumed = buffer.GetPosition(header + bodyLength);
        return true;
    }
}
