namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>The codecs of the well-known value types, strings and byte arrays.</summary>
internal static class PrimitiveCodecs
{
    public static WireCodec? TryCreate(Type type) => type.IsEnum ? null : Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => new BooleanCodec(),
        TypeCode.Byte => new ByteCodec(),
        TypeCode.SByte => new SByteCodec(),
        TypeCode.Int16 => new Int16Codec(),
        TypeCode.UInt16 => new UInt16Codec(),
        TypeCode.Int32 => new Int32Codec(),
        TypeCode.UInt32 => new UInt32Codec(),
        TypeCode.Int64 => new Int64Codec(),
        TypeCode.UInt64 => new UInt64Codec(),
        TypeCode.Char => new CharCodec(),
        TypeCode.Single => new SingleCodec(),
        TypeCode.Double => new DoubleCodec(),
        TypeCode.Decimal => new DecimalCodec(),
        TypeCode.String => new StringCodec(),
        TypeCode.DateTime => new DateTimeCodec(),
        _ => TryCreateOther(type),
    };

    private static WireCodec? TryCreateOther(Type type)
    {
        if (type == typeof(Guid))
        {
            return new GuidCodec();
        }

        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffsetCodec();
        }

        if (type == typeof(TimeSpan))
        {
            return new TimeSpanCodec();
        }

        if (type == typeof(DateOnly))
        {
            return new DateOnlyCodec();
        }

        if (type == typeof(TimeOnly))
        {
            return new TimeOnlyCodec();
        }

        if (type == typeof(byte[]))
        {
            return new ByteArrayCodec();
        }

        if (type == typeof(nint))
        {
            return new IntPtrCodec();
        }

        return type == typeof(nuint) ? new UIntPtrCodec() : null;
    }
}
