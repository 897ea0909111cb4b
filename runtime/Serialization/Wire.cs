namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// Writes and reads a value whose static (declared) type is <typeparamref name="T"/>: a member, an element, a
/// parameter. A non-nullable struct is written bare (its type is known from the declaration); anything else starts
/// with a tag: null, a back reference, Exact (the runtime type is the declared type), a well-known id, or Typed
/// followed by a type reference.
/// </summary>
internal static class Wire<T>
{
    private static readonly WireCodec<T> Codec = CodecCache<T>.Codec;

    private static readonly bool IsBareStruct = typeof(T).IsValueType && Nullable.GetUnderlyingType(typeof(T)) is null;

    private static readonly bool IsNullableStruct = Nullable.GetUnderlyingType(typeof(T)) is not null;

    public static void Write(WireWriter writer, T value)
    {
        if (IsBareStruct || IsNullableStruct)
        {
            // A nullable's codec writes its own null tag.
            Codec.Write(writer, value);
            return;
        }

        if (value is null)
        {
            writer.WriteByte(WireTags.Null);
        }
        else if (value.GetType() == typeof(T) && Codec.IsDirect)
        {
            writer.WriteExact(value, Codec);
        }
        else
        {
            writer.WriteObject(value, typeof(T));
        }
    }

    public static T Read(WireReader reader)
    {
        if (IsBareStruct || IsNullableStruct)
        {
            return Codec.Read(reader);
        }

        var tag = reader.ReadByte();
        if (tag == WireTags.Exact || (tag == Codec.WellKnownId && tag != 0))
        {
            return reader.ReadTracked(Codec);
        }

        if (tag == WireTags.Null)
        {
            return default!;
        }

        var value = reader.ReadObject(tag);
        return value is T typed ? typed : throw reader.TypeMismatch(value, typeof(T));
    }

    /// <summary>The first value of a message: always self-describing (never Exact), so it can be read as object.</summary>
    public static void WriteRoot(WireWriter writer, T value)
    {
        if (!IsBareStruct)
        {
            object? boxed = value;
            if (boxed is null)
            {
                writer.WriteByte(WireTags.Null);
            }
            else
            {
                writer.WriteObject(boxed, typeof(object));
            }

            return;
        }

        if (Codec.WellKnownId != 0)
        {
            writer.WriteByte(Codec.WellKnownId);
        }
        else
        {
            writer.WriteByte(WireTags.Typed);
            writer.WriteTypeReference(Codec.WireTypeInfo);
        }

        Codec.Write(writer, value);
    }

    public static T ReadRoot(WireReader reader)
    {
        if (!IsBareStruct)
        {
            var tag = reader.ReadByte();
            if (tag == WireTags.Null)
            {
                return IsNullableStruct || !typeof(T).IsValueType ? default! : throw reader.TypeMismatch(null, typeof(T));
            }

            var value = reader.ReadObject(tag);
            return value is T typed ? typed : throw reader.TypeMismatch(value, typeof(T));
        }

        var first = reader.ReadByte();
        if (first == WireTags.Typed)
        {
            var type = reader.ReadTypeReference();
            if (type == typeof(T))
            {
                return Codec.Read(reader);
            }

            var other = reader.ReadTrackedBoxed(CodecRegistry.Get(type));
            return other is T typed ? typed : throw reader.TypeMismatch(other, typeof(T));
        }

        if (first == Codec.WellKnownId && first != 0)
        {
            return Codec.Read(reader);
        }

        var boxed = reader.ReadObject(first);
        return boxed is T unboxed ? unboxed : throw reader.TypeMismatch(boxed, typeof(T));
    }
}
