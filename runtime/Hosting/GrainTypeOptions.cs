using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>Where the silo finds grain classes.</summary>
public sealed class GrainTypeOptions
{
    /// <summary>Assemblies to search. Default: empty, meaning every loaded assembly and what it references.</summary>
    public List<Assembly> Assemblies { get; } = [];

    /// <summary>Individual grain classes to add.</summary>
    public List<Type> Classes { get; } = [];
}
