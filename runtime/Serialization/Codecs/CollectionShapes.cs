namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// Collections of other types (read-only wrappers, compiler-generated collection-expression types, immutable
/// collections, custom collections) are materialised: written as, and read back as, a <see cref="Dictionary{TKey,TValue}"/>
/// (dictionary-shaped), a <see cref="HashSet{T}"/> (set-shaped) or a <see cref="List{T}"/> (any other sequence). That fits
/// members declared as IReadOnlyList, IReadOnlyCollection, IEnumerable, IList, IReadOnlyDictionary, IDictionary, ISet
/// and IReadOnlySet; a member declared with the concrete collection type is refused with a clear error.
/// </summary>
internal static class CollectionShapes
{
    public static WireCodec? TryCreateMaterializingCodec(Type type)
    {
        if ((FindClosed(type, typeof(IReadOnlyDictionary<,>)) ?? FindClosed(type, typeof(IDictionary<,>))) is { } dictionary)
        {
            return CodecFactory.Generic(typeof(MaterializedDictionaryCodec<,,>), [type, .. dictionary.GetGenericArguments()]);
        }

        if ((FindClosed(type, typeof(IReadOnlySet<>)) ?? FindClosed(type, typeof(ISet<>))) is { } set)
        {
            return CodecFactory.Generic(typeof(MaterializedSetCodec<,>), type, set.GetGenericArguments()[0]);
        }

        return FindClosed(type, typeof(IEnumerable<>)) is { } sequence
            ? CodecFactory.Generic(typeof(MaterializedListCodec<,>), type, sequence.GetGenericArguments()[0])
            : null;
    }

    /// <summary>The one closed form of <paramref name="definition"/> that <paramref name="type"/> implements, or null (none, or several).</summary>
    private static Type? FindClosed(Type type, Type definition)
    {
        var matches = type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition).Take(2).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }
}

/// <summary>Writes any sequence of T as a <see cref="List{T}"/>.</summary>
internal sealed class MaterializedListCodec<TCollection, T>() : WireCodec<TCollection>(typeof(List<T>))
    where TCollection : IEnumerable<T>
{
    public override void Write(WireWriter writer, TCollection value)
    {
        switch (value)
        {
            case ICollection<T> collection:
                HashSetCodec<T>.WriteItems(writer, collection, collection.Count);
                break;
            case IReadOnlyCollection<T> collection:
                HashSetCodec<T>.WriteItems(writer, collection, collection.Count);
                break;
            default:
                var items = new List<T>(value);
                HashSetCodec<T>.WriteItems(writer, items, items.Count);
                break;
        }
    }

    public override TCollection Read(WireReader reader) => throw new InvalidOperationException("Materialised collections are read as List<T>.");
}

/// <summary>Writes any set of T as a <see cref="HashSet{T}"/> (default comparer).</summary>
internal sealed class MaterializedSetCodec<TCollection, T>() : WireCodec<TCollection>(typeof(HashSet<T>))
    where TCollection : IEnumerable<T>
{
    public override void Write(WireWriter writer, TCollection value)
    {
        writer.WriteByte(0);
        var items = new List<T>(value);
        HashSetCodec<T>.WriteItems(writer, items, items.Count);
    }

    public override TCollection Read(WireReader reader) => throw new InvalidOperationException("Materialised sets are read as HashSet<T>.");
}

/// <summary>Writes any dictionary as a <see cref="Dictionary{TKey,TValue}"/> (default comparer).</summary>
internal sealed class MaterializedDictionaryCodec<TCollection, TKey, TValue>() : WireCodec<TCollection>(typeof(Dictionary<TKey, TValue>))
    where TCollection : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    public override void Write(WireWriter writer, TCollection value)
    {
        writer.WriteByte(0);
        var pairs = new List<KeyValuePair<TKey, TValue>>(value);
        DictionaryCodec<TKey, TValue>.WritePairs(writer, pairs, pairs.Count);
    }

    public override TCollection Read(WireReader reader) => throw new InvalidOperationException("Materialised dictionaries are read as Dictionary<K,V>.");
}
