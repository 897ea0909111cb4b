namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// A nullable struct: the null tag, or the value's own tag (its well-known id, or Exact) and the value. Never
/// written untagged, so a nullable element always takes at least one byte.
/// </summary>
internal sealed class NullableCodec<T> : WireCodec<T?>
    where T : struct
{
    public override void Write(WireWriter writer, T? value)
    {
        if (value is not { } present)
        {
            writer.WriteByte(WireTags.Null);
            return;
        }

        var codec = CodecCache<T>.Codec;
        writer.WriteByte(codec.WellKnownId != 0 ? codec.WellKnownId : WireTags.Exact);
        codec.Write(writer, present);
    }

    public override T? Read(WireReader reader)
    {
        var tag = reader.ReadByte();
        if (tag == WireTags.Null)
        {
            return null;
        }

        var codec = CodecCache<T>.Codec;
        return tag == WireTags.Exact || (tag == codec.WellKnownId && tag != 0)
            ? codec.Read(reader)
            : throw reader.Corrupt($"tag 0x{tag:X2} where a {typeof(T).Name}? is expected");
    }
}
