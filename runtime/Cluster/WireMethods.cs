using System.Collections.Concurrent;
using Orleans.DynamicDb.Runtime.Invocation;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>
/// Names grain methods on the wire: the declaring interface's type name and the method's index in that interface's
/// own method table, which every silo built from the same code computes identically.
/// </summary>
internal static class WireMethods
{
    private static readonly ConcurrentDictionary<GrainMethodDescriptor, (string Interface, int Index)> Names = new();
    private static readonly ConcurrentDictionary<(string Interface, int Index), GrainMethodDescriptor> Descriptors = new();

    public static (string Interface, int Index) NameOf(GrainMethodDescriptor method) => Names.GetOrAdd(method, static m =>
    {
        var own = GrainProxyGenerator.Get(m.InterfaceType).Info.ByMethod[m.Method];
        return ($"{m.InterfaceType.FullName}, {m.InterfaceType.Assembly.GetName().Name}", own.Index);
    });

    public static GrainMethodDescriptor Resolve(string interfaceName, int index) => Descriptors.GetOrAdd((interfaceName, index), static key =>
    {
        var type = Type.GetType(key.Interface, throwOnError: false)
            ?? throw new InvalidOperationException($"Grain interface '{key.Interface}' is not known on this silo; are all silos running the same build?");
        var methods = GrainProxyGenerator.Get(type).Info.Methods;
        return key.Index >= 0 && key.Index < methods.Count
            ? methods[key.Index]
            : throw new InvalidOperationException($"Grain interface '{key.Interface}' has no method #{key.Index} on this silo; are all silos running the same build?");
    });
}
