namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>A <see cref="HashSet{T}"/>: its comparer code, count, then the items.</summary>
internal sealed class HashSetCodec<T> : WireCodec<HashSet<T>>
{
    public override void Write(WireWriter writer, HashSet<T> value)
    {
        writer.WriteByte(StringComparers.Encode(value.Comparer));
        WriteItems(writer, value, value.Count);
    }

    public override HashSet<T> Read(WireReader reader)
    {
        var comparer = StringComparers.Decode<T>(reader, reader.ReadByte());
        var count = reader.ReadCount();
        var set = new HashSet<T>(count, comparer);
        reader.Register(set);
        for (var i = 0; i < count; i++)
        {
            if (!set.Add(Wire<T>.Read(reader)))
            {
                throw reader.Corrupt("a set holds the same item twice");
            }
        }

        return set;
    }

    /// <summary>Writes <paramref name="count"/> items; shared with sequences materialised as lists or sets.</summary>
    public static void WriteItems(WireWriter writer, IEnumerable<T> items, int count)
    {
        writer.WriteCount(count);
        var written = 0;
        foreach (var item in items)
        {
            Wire<T>.Write(writer, item);
            written++;
        }

        if (written != count)
        {
            throw new InvalidOperationException("The collection changed while it was being serialized.");
        }
    }
}
