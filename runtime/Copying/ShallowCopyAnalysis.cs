using System.Collections.Concurrent;

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>
/// Decides, once per type, whether its instances may be shared by reference. Types that refer to each other (a
/// node whose read-only field is another node) are solved together: every type in the reachable graph starts as
/// shallow-copyable and loses that status until nothing changes, so a cycle never makes a mutable type look
/// immutable and never recurses forever.
/// </summary>
internal static class ShallowCopyAnalysis
{
    private static readonly ConcurrentDictionary<Type, CopyTraits> Cache = new();

    public static CopyTraits Get(Type type) => Cache.TryGetValue(type, out var traits) ? traits : Analyze(type);

    private static CopyTraits Analyze(Type root)
    {
        var shapes = new Dictionary<Type, TypeShape>();
        var pending = new Stack<Type>();
        pending.Push(root);
        while (pending.TryPop(out var type))
        {
            if (shapes.ContainsKey(type) || Cache.ContainsKey(type))
            {
                continue;
            }

            var shape = TypeShape.Describe(type);
            shapes.Add(type, shape);
            foreach (var dependency in shape.Dependencies)
            {
                pending.Push(dependency);
            }
        }

        var state = shapes.ToDictionary(pair => pair.Key, pair => pair.Value.Fixed ?? CopyTraits.Immutable);
        CopyTraits TraitsOf(Type type) => state.TryGetValue(type, out var traits) ? traits : Cache[type];

        bool changed;
        do
        {
            changed = false;
            foreach (var (type, shape) in shapes)
            {
                var next = shape.Evaluate(TraitsOf);
                if (next != state[type])
                {
                    state[type] = next;
                    changed = true;
                }
            }
        }
        while (changed);

        foreach (var (type, traits) in state)
        {
            Cache.TryAdd(type, traits);
        }

        return Cache[root];
    }
}
