using System.Collections.Immutable;
using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>
/// Copiers that rebuild collections through their public API instead of copying their internals: hashed
/// collections must re-hash copied keys (a key whose hash is its identity hashes differently once copied), and
/// the others are simply faster this way. Comparers are shared, not copied.
/// </summary>
internal static class CollectionCopiers
{
    private static readonly Dictionary<Type, string> Methods = new()
    {
        [typeof(List<>)] = nameof(CopyList),
        [typeof(Dictionary<,>)] = nameof(CopyDictionary),
        [typeof(HashSet<>)] = nameof(CopyHashSet),
        [typeof(Queue<>)] = nameof(CopyQueue),
        [typeof(Stack<>)] = nameof(CopyStack),
        [typeof(ImmutableDictionary<,>)] = nameof(CopyImmutableDictionary),
        [typeof(ImmutableHashSet<>)] = nameof(CopyImmutableHashSet),
    };

    public static ObjectCopier? TryCreate(Type type)
    {
        if (!type.IsGenericType || !Methods.TryGetValue(type.GetGenericTypeDefinition(), out var name))
        {
            return null;
        }

        return typeof(CollectionCopiers)
            .GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type.GetGenericArguments())
            .CreateDelegate<ObjectCopier>();
    }

    private static object CopyList<T>(object original, CopyContext context)
    {
        var source = (List<T>)original;
        var copy = new List<T>(source.Count);
        context.Record(original, copy);
        foreach (var item in source)
        {
            copy.Add(context.Copy(item));
        }

        return copy;
    }

    private static object CopyDictionary<TKey, TValue>(object original, CopyContext context)
        where TKey : notnull
    {
        var source = (Dictionary<TKey, TValue>)original;
        var copy = new Dictionary<TKey, TValue>(source.Count, source.Comparer);
        context.Record(original, copy);
        foreach (var (key, value) in source)
        {
            copy.Add(context.Copy(key), context.Copy(value));
        }

        return copy;
    }

    private static object CopyHashSet<T>(object original, CopyContext context)
    {
        var source = (HashSet<T>)original;
        var copy = new HashSet<T>(source.Count, source.Comparer);
        context.Record(original, copy);
        foreach (var item in source)
        {
            copy.Add(context.Copy(item));
        }

        return copy;
    }

    private static object CopyQueue<T>(object original, CopyContext context)
    {
        var source = (Queue<T>)original;
        var copy = new Queue<T>(source.Count);
        context.Record(original, copy);
        foreach (var item in source)
        {
            copy.Enqueue(context.Copy(item));
        }

        return copy;
    }

    private static object CopyStack<T>(object original, CopyContext context)
    {
        var source = (Stack<T>)original;
        var copy = new Stack<T>(source.Count);
        context.Record(original, copy);
        var items = source.ToArray();
        for (var i = items.Length - 1; i >= 0; i--)
        {
            copy.Push(context.Copy(items[i]));
        }

        return copy;
    }

    private static object CopyImmutableDictionary<TKey, TValue>(object original, CopyContext context)
        where TKey : notnull
    {
        var source = (ImmutableDictionary<TKey, TValue>)original;
        context.MarkPending(original);
        var builder = source.Clear().ToBuilder();
        foreach (var (key, value) in source)
        {
            builder.Add(context.Copy(key), context.Copy(value));
        }

        var copy = builder.ToImmutable();
        context.Record(original, copy);
        return copy;
    }

    private static object CopyImmutableHashSet<T>(object original, CopyContext context)
    {
        var source = (ImmutableHashSet<T>)original;
        context.MarkPending(original);
        var builder = source.Clear().ToBuilder();
        foreach (var item in source)
        {
            builder.Add(context.Copy(item));
        }

        var copy = builder.ToImmutable();
        context.Record(original, copy);
        return copy;
    }
}
