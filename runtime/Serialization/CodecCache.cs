namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>The codec of <typeparamref name="T"/>, built on first use. Reading it costs a static field load.</summary>
internal static class CodecCache<T>
{
    public static readonly WireCodec<T> Codec = (WireCodec<T>)CodecRegistry.Get(typeof(T));
}
