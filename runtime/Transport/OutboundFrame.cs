using System.Buffers;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>An encoded frame waiting to be written: a pooled buffer the write loop returns once the bytes are sent.</summary>
internal readonly record struct OutboundFrame(byte[] Buffer, int Length)
{
    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}
