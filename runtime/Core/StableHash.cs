using System.Text;

namespace Orleans.DynamicDb.Runtime;

/// <summary>A process-independent hash (FNV-1a over UTF-8), used where every silo must agree.</summary>
public static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Compute(string type, string key)
    {
        var hash = Mix(OffsetBasis, type);
        hash = (hash ^ '/') * Prime;
        return Mix(hash, key);
    }

    public static uint Compute(string value) => Mix(OffsetBasis, value);

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
