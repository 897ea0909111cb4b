namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// The comparer of a string-keyed dictionary or set as one byte: the default and the four ordinal and invariant
/// <see cref="StringComparer"/>s survive the wire; any other comparer is replaced by the default.
/// </summary>
internal static class StringComparers
{
    public static byte Encode<T>(IEqualityComparer<T> comparer)
    {
        if (typeof(T) != typeof(string))
        {
            return 0;
        }

        object instance = comparer;
        return instance == StringComparer.Ordinal ? (byte)1
            : instance == StringComparer.OrdinalIgnoreCase ? (byte)2
            : instance == StringComparer.InvariantCulture ? (byte)3
            : instance == StringComparer.InvariantCultureIgnoreCase ? (byte)4
            : (byte)0;
    }

    public static IEqualityComparer<T>? Decode<T>(WireReader reader, byte code) => code switch
    {
        0 => null,
        1 when typeof(T) == typeof(string) => (IEqualityComparer<T>)StringComparer.Ordinal,
        2 when typeof(T) == typeof(string) => (IEqualityComparer<T>)StringComparer.OrdinalIgnoreCase,
        3 when typeof(T) == typeof(string) => (IEqualityComparer<T>)StringComparer.InvariantCulture,
        4 when typeof(T) == typeof(string) => (IEqualityComparer<T>)StringComparer.InvariantCultureIgnoreCase,
        _ => throw reader.Corrupt($"unknown comparer code {code}"),
    };
}
