using System.Collections.Concurrent;
using System.Text;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// Strings that repeat in almost every frame (grain types, interface names) decoded once and shared. Bounded, so a
/// peer sending endless distinct names costs allocations, not memory.
/// </summary>
internal static class InternedStrings
{
    private const int MaxEntries = 4096;
    private const int MaxLength = 256;

    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string for <paramref name="utf8"/>, which must be valid UTF-8 (decoding throws otherwise).</summary>
    public static string Get(ReadOnlySpan<byte> utf8, UTF8Encoding encoding)
    {
        if (utf8.Length > MaxLength)
        {
            return encoding.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxLength];
        var count = encoding.GetChars(utf8, chars);
        if (Lookup.TryGetValue(chars[..count], out var cached))
        {
            return cached;
        }

        var value = new string(chars[..count]);
        return Strings.Count < MaxEntries ? Strings.GetOrAdd(value, value) : value;
    }
}
