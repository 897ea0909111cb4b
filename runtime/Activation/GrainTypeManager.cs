using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>Finds grain classes and maps grain interfaces and grain type names to them.</summary>
internal sealed class GrainTypeManager
{
    private readonly Dictionary<string, GrainClassInfo> _byTypeName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<GrainClassInfo>> _byInterface = [];

    public GrainTypeManager(IEnumerable<Type> grainClasses, GrainCollectionOptions collection)
    {
        foreach (var type in grainClasses.Distinct())
        {
            var info = new GrainClassInfo(type, collection);
            if (_byTypeName.TryGetValue(info.GrainType, out var existing))
            {
                throw new InvalidOperationException($"Grain classes '{existing.ClassType.FullName}' and '{type.FullName}' both have grain type name '{info.GrainType}'; rename one or give it [GrainType(\"...\")].");
            }

            _byTypeName[info.GrainType] = info;
            foreach (var iface in type.GetInterfaces().Where(i => typeof(IAddressable).IsAssignableFrom(i)))
            {
                if (!_byInterface.TryGetValue(iface, out var list))
                {
                    _byInterface[iface] = list = [];
                }

                list.Add(info);
            }
        }
    }

    public IEnumerable<GrainClassInfo> Classes => _byTypeName.Values;

    /// <summary>Every concrete grain class in the given assemblies.</summary>
    public static IEnumerable<Type> FindGrainClasses(IEnumerable<Assembly> assemblies) =>
        assemblies.SelectMany(SafeTypes).Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(Grain).IsAssignableFrom(t) && typeof(IGrain).IsAssignableFrom(t));

    /// <summary>The loaded assemblies that may hold grains, plus everything they reference that is not part of .NET.</summary>
    public static IReadOnlyList<Assembly> DiscoverAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var queue = new Queue<Assembly>(AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic));
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            queue.Enqueue(entry);
        }

        while (queue.TryDequeue(out var assembly))
        {
            var name = assembly.GetName().Name ?? string.Empty;
            if (IsFramework(name) || !found.TryAdd(name, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || IsFramework(reference.Name) || found.ContainsKey(reference.Name))
                {
                    continue;
                }

                try
                {
                    queue.Enqueue(Assembly.Load(reference));
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                }
            }
        }

        return [.. found.Values];
    }

    public GrainClassInfo ForInterface(Type interfaceType)
    {
        if (_byInterface.TryGetValue(interfaceType, out var list))
        {
            if (list.Count == 1)
            {
                return list[0];
            }

            // A class that implements a more derived grain interface is reached through that one; prefer the class
            // for which this interface is the most derived it has (ConcurrencyGrain over ReentrantConcurrencyGrain
            // for IConcurrencyGrain when the latter implements IReentrantConcurrencyGrain : IConcurrencyGrain).
            var exact = list.Where(c => !c.ClassType.GetInterfaces().Any(i => i != interfaceType && interfaceType.IsAssignableFrom(i))).ToList();
            if (exact.Count == 1)
            {
                return exact[0];
            }

            throw new InvalidOperationException($"Grain interface '{interfaceType.FullName}' is implemented by several grain classes ({string.Join(", ", list.Select(c => c.ClassType.FullName))}); get the grain by GrainId instead.");
        }

        throw new InvalidOperationException($"No grain class implements '{interfaceType.FullName}'. Is the assembly that holds the grain class referenced by the silo?");
    }

    public GrainClassInfo ForGrainType(string grainType) =>
        _byTypeName.TryGetValue(grainType, out var info)
            ? info
            : throw new InvalidOperationException($"No grain class has grain type name '{grainType}'. Known: {string.Join(", ", _byTypeName.Keys.Order(StringComparer.Ordinal))}.");

    private static bool IsFramework(string name) =>
        name.StartsWith("System", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.", StringComparison.Ordinal)
        || name is "mscorlib" or "netstandard" or "Npgsql" or "SQLitePCLRaw.core" or "SQLitePCLRaw.batteries_v2" or "SQLitePCLRaw.provider.e_sqlite3"
        || name.StartsWith("xunit", StringComparison.Ordinal)
        || name.StartsWith("testhost", StringComparison.Ordinal);

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
