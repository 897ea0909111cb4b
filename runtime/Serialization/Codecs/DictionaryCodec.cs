namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>A <see cref="Dictionary{TKey,TValue}"/>: its comparer code, count, then key and value pairs.</summary>
internal sealed class DictionaryCodec<TKey, TValue> : WireCodec<Dictionary<TKey, TValue>>
    where TKey : notnull
{
    public override void Write(WireWriter writer, Dictionary<TKey, TValue> value)
    {
        writer.WriteByte(StringComparers.Encode(value.Comparer));
        WritePairs(writer, value, value.Count);
    }

    public override Dictionary<TKey, TValue> Read(WireReader reader)
    {
        var comparer = StringComparers.Decode<TKey>(reader, reader.ReadByte());
        var count = reader.ReadCount();
        var dictionary = new Dictionary<TKey, TValue>(count, comparer);
        reader.Register(dictionary);
        for (var i = 0; i < count; i++)
        {
            var key = Wire<TKey>.Read(reader) ?? throw reader.Corrupt("a dictionary key is null");
            if (!dictionary.TryAdd(key, Wire<TValue>.Read(reader)))
            {
                throw reader.Corrupt($"the dictionary key '{key}' appears twice");
            }
        }

        return dictionary;
    }

    /// <summary>Writes <paramref name="count"/> pairs; shared with dictionaries materialised from other types.</summary>
    public static void WritePairs(WireWriter writer, IEnumerable<KeyValuePair<TKey, TValue>> pairs, int count)
    {
        writer.WriteCount(count);
        var written = 0;
        foreach (var (key, value) in pairs)
        {
            Wire<TKey>.Write(writer, key);
            Wire<TValue>.Write(writer, value);
            written++;
        }

        if (written != count)
        {
            throw new InvalidOperationException("The dictionary changed while it was being serialized.");
        }
    }
}
