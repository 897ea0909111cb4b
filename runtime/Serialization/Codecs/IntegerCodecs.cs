namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

// Integers: one raw byte for the 8-bit types, variable-length (zig-zag for signed) for the rest.

internal sealed class BooleanCodec : WireCodec<bool>
{
    public override void Write(WireWriter writer, bool value) => writer.WriteByte(value ? (byte)1 : (byte)0);

    public override bool Read(WireReader reader) => reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw reader.Corrupt($"{other} is not a boolean"),
    };
}

internal sealed class ByteCodec : WireCodec<byte>
{
    public override void Write(WireWriter writer, byte value) => writer.WriteByte(value);

    public override byte Read(WireReader reader) => reader.ReadByte();
}

internal sealed class SByteCodec : WireCodec<sbyte>
{
    public override void Write(WireWriter writer, sbyte value) => writer.WriteByte((byte)value);

    public override sbyte Read(WireReader reader) => (sbyte)reader.ReadByte();
}

internal sealed class Int16Codec : WireCodec<short>
{
    public override void Write(WireWriter writer, short value) => writer.WriteVarInt32(value);

    public override short Read(WireReader reader) => checked((short)reader.ReadVarInt32());
}

internal sealed class UInt16Codec : WireCodec<ushort>
{
    public override void Write(WireWriter writer, ushort value) => writer.WriteVarUInt32(value);

    public override ushort Read(WireReader reader) => checked((ushort)reader.ReadVarUInt32());
}

internal sealed class Int32Codec : WireCodec<int>
{
    public override void Write(WireWriter writer, int value) => writer.WriteVarInt32(value);

    public override int Read(WireReader reader) => reader.ReadVarInt32();
}

internal sealed class UInt32Codec : WireCodec<uint>
{
    public override void Write(WireWriter writer, uint value) => writer.WriteVarUInt32(value);

    public override uint Read(WireReader reader) => reader.ReadVarUInt32();
}

internal sealed class Int64Codec : WireCodec<long>
{
    public override void Write(WireWriter writer, long value) => writer.WriteVarInt64(value);

    public override long Read(WireReader reader) => reader.ReadVarInt64();
}

internal sealed class UInt64Codec : WireCodec<ulong>
{
    public override void Write(WireWriter writer, ulong value) => writer.WriteVarUInt64(value);

    public override ulong Read(WireReader reader) => reader.ReadVarUInt64();
}

internal sealed class CharCodec : WireCodec<char>
{
    public override void Write(WireWriter writer, char value) => writer.WriteVarUInt32(value);

    public override char Read(WireReader reader) => checked((char)reader.ReadVarUInt32());
}

internal sealed class IntPtrCodec : WireCodec<nint>
{
    public override void Write(WireWriter writer, nint value) => writer.WriteVarInt64(value);

    public override nint Read(WireReader reader) => checked((nint)reader.ReadVarInt64());
}

internal sealed class UIntPtrCodec : WireCodec<nuint>
{
    public override void Write(WireWriter writer, nuint value) => writer.WriteVarUInt64(value);

    public override nuint Read(WireReader reader) => checked((nuint)reader.ReadVarUInt64());
}
