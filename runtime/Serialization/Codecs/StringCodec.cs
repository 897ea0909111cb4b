namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>A string: its UTF-8 length and bytes. Strings are not reference-tracked (equal strings are written twice).</summary>
internal sealed class StringCodec : WireCodec<string>
{
    public override void Write(WireWriter writer, string value) => writer.WriteStringPayload(value);

    public override string Read(WireReader reader) => reader.ReadStringPayload();
}
