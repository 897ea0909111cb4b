using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Serialization.Codecs;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>The codec of each type, for values whose type is only known at run time. Built once per type.</summary>
internal static class CodecRegistry
{
    private static readonly ConcurrentDictionary<Type, WireCodec> Cache = new();

    public static WireCodec Get(Type type) =>
        Cache.TryGetValue(type, out var codec) ? codec : Cache.GetOrAdd(type, static type => Build(type));

    private static WireCodec Build(Type type)
    {
        try
        {
            return CodecFactory.Create(type);
        }
        catch (Exception exception) when (exception is not SerializationException)
        {
            return UnsupportedCodec.Create(type, $"building its serializer failed: {exception.Message}");
        }
    }
}
