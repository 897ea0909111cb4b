using System.Collections.Concurrent;
using System.Reflection;
using Orleans.DynamicDb.Runtime.Activation;

namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>
/// Maps a grain interface to the grain type name in grain ids, by the same rules as the silos (the single grain
/// class implementing it, named by <c>[GrainType]</c> or its class name lower-cased without "Grain"), so a client's
/// grain ids equal those of calls made inside the cluster. The grain classes must be loadable by the client.
/// </summary>
internal sealed class ClientGrainTypes
{
    private readonly Lazy<IReadOnlyList<Type>> _classes;
    private readonly ConcurrentDictionary<Type, string> _names = new();

    public ClientGrainTypes(IReadOnlyList<Assembly> assemblies, IReadOnlyList<Type> classes) =>
        _classes = new Lazy<IReadOnlyList<Type>>(() =>
        {
            var searched = assemblies.Count > 0 || classes.Count > 0 ? assemblies : GrainTypeManager.DiscoverAssemblies();
            return [.. GrainTypeManager.FindGrainClasses(searched).Concat(classes).Distinct()];
        });

    /// <summary>Scans for grain classes now (once), so the first GetGrain calls do not all wait for the scan.</summary>
    public void Load() => _ = _classes.Value;

    /// <summary>The grain type name of the class implementing <paramref name="interfaceType"/>.</summary>
    public string GrainTypeOf(Type interfaceType) => _names.GetOrAdd(interfaceType, Resolve);

    private string Resolve(Type interfaceType)
    {
        var candidates = _classes.Value.Where(interfaceType.IsAssignableFrom).ToList();
        if (candidates.Count > 1)
        {
            // As on the silo: prefer the class for which this interface is the most derived grain interface it has.
            var exact = candidates.Where(c => !c.GetInterfaces().Any(i => i != interfaceType && interfaceType.IsAssignableFrom(i))).ToList();
            if (exact.Count == 1)
            {
                candidates = exact;
            }
        }

        return candidates.Count switch
        {
            1 => GrainClassInfo.NameOf(candidates[0]),
            0 => throw new InvalidOperationException($"No grain class implementing '{interfaceType.FullName}' is loaded in the client; reference the assembly that holds it, list it with Configure<GrainTypeOptions>, or get the grain by GrainId."),
            _ => throw new InvalidOperationException($"Grain interface '{interfaceType.FullName}' is implemented by several grain classes ({string.Join(", ", candidates.Select(c => c.FullName))}); get the grain by GrainId instead."),
        };
    }
}
