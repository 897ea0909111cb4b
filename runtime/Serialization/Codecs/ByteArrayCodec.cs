namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>The fast path for byte arrays: a length and the raw bytes, copied in one block.</summary>
internal sealed class ByteArrayCodec : WireCodec<byte[]>
{
    public override void Write(WireWriter writer, byte[] value)
    {
        writer.WriteCount(value.Length);
        writer.WriteBytes(value);
    }

    public override byte[] Read(WireReader reader) => reader.ReadSpan(reader.ReadCount()).ToArray();
}
