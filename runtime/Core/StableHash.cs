using System.Text;

namespace Orleans.DynamicDb.Runtime;

/// <summary>
/// A process-independent hash (FNV-1a over UTF-8, then a murmur3-style avalanche so similar strings spread over the
/// whole range), used where every silo must agree: grain placement, reminder ranges, the hash ring.
/// </summary>
public static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Compute(string type, string key)
    {
        var hash = Mix(OffsetBasis, type);
        hash = (hash ^ '/') * Prime;
        return Avalanche(Mix(hash, key));
    }

    public static uint Compute(string value) => Avalanche(Mix(OffsetBasis, value));

    private static uint Avalanche(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        return hash;
    }

    private static uint Mix(uint hash, string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var bytes = max <= buffer.Length ? buffer : new byte[max];
        var count = Encoding.UTF8.GetBytes(value, bytes);
        foreach (var b in bytes[..count])
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
