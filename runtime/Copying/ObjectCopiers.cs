using System.Collections.Concurrent;

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>The <see cref="ObjectCopier"/> of each runtime type, built once.</summary>
internal static class ObjectCopiers
{
    private static readonly ConcurrentDictionary<Type, ObjectCopier> Cache = new();

    public static ObjectCopier Get(Type type) => Cache.GetOrAdd(type, static type => Create(type));

    private static ObjectCopier Create(Type type)
    {
        if (UnsupportedTypes.GetReason(type) is { } reason)
        {
            return (_, _) => throw UnsupportedTypes.CreateException(type, reason);
        }

        if (type.IsArray)
        {
            return ArrayCopiers.Create(type);
        }

        return CollectionCopiers.TryCreate(type) ?? FieldCopierEmitter.CreateObjectCopier(type);
    }
}
