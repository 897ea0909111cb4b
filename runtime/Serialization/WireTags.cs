namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// The first byte of every tagged value. Bytes 1–95 are well-known type ids (<see cref="WellKnownTypes"/>): the value
/// of that type follows. The remaining tags say how to find the value's type.
/// </summary>
internal static class WireTags
{
    /// <summary>The version of the value encoding, written as the first byte of every serialized value.</summary>
    public const byte FormatVersion = 1;

    /// <summary>A null reference (or an empty nullable).</summary>
    public const byte Null = 0;

    /// <summary>A value whose type is exactly the declared type of the member, element or parameter it fills.</summary>
    public const byte Exact = 0x70;

    /// <summary>A value whose type follows as a type reference.</summary>
    public const byte Typed = 0x71;

    /// <summary>A reference to an object already read in this message: its index follows.</summary>
    public const byte BackReference = 0x72;

    /// <summary>An exception: its type name, message, stack trace, inner exception and simple properties follow.</summary>
    public const byte Exception = 0x73;

    /// <summary>Type references below this value are well-known type ids; from here on they index the message's type table.</summary>
    public const int FirstTableIndex = 96;

    /// <summary>In a type reference: a new type definition follows (and is appended to the type table).</summary>
    public const byte NewType = 0;

    /// <summary>Type definition kinds.</summary>
    public const byte NamedType = 1;

    public const byte GenericType = 2;

    public const byte ArrayType = 3;
}
