using System.Runtime.CompilerServices;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>An enum: its underlying number, variable-length (zig-zag when the underlying type is signed).</summary>
internal sealed class EnumCodec<T> : WireCodec<T>
    where T : struct, Enum
{
    private static readonly bool IsSigned = Type.GetTypeCode(Enum.GetUnderlyingType(typeof(T))) is
        TypeCode.SByte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64;

    public override void Write(WireWriter writer, T value)
    {
        if (IsSigned)
        {
            writer.WriteVarInt64(Unsafe.SizeOf<T>() switch
            {
                1 => Unsafe.As<T, sbyte>(ref value),
                2 => Unsafe.As<T, short>(ref value),
                4 => Unsafe.As<T, int>(ref value),
                _ => Unsafe.As<T, long>(ref value),
            });
        }
        else
        {
            writer.WriteVarUInt64(Unsafe.SizeOf<T>() switch
            {
                1 => Unsafe.As<T, byte>(ref value),
                2 => Unsafe.As<T, ushort>(ref value),
                4 => Unsafe.As<T, uint>(ref value),
                _ => Unsafe.As<T, ulong>(ref value),
            });
        }
    }

    public override T Read(WireReader reader)
    {
        if (IsSigned)
        {
            var signed = reader.ReadVarInt64();
            switch (Unsafe.SizeOf<T>())
            {
                case 1:
                    var b = checked((sbyte)signed);
                    return Unsafe.As<sbyte, T>(ref b);
                case 2:
                    var s = checked((short)signed);
                    return Unsafe.As<short, T>(ref s);
                case 4:
                    var i = checked((int)signed);
                    return Unsafe.As<int, T>(ref i);
                default:
                    return Unsafe.As<long, T>(ref signed);
            }
        }

        var unsigned = reader.ReadVarUInt64();
        switch (Unsafe.SizeOf<T>())
        {
            case 1:
                var b = checked((byte)unsigned);
                return Unsafe.As<byte, T>(ref b);
            case 2:
                var s = checked((ushort)unsigned);
                return Unsafe.As<ushort, T>(ref s);
            case 4:
                var i = checked((uint)unsigned);
                return Unsafe.As<uint, T>(ref i);
            default:
                return Unsafe.As<ulong, T>(ref unsigned);
        }
    }
}
