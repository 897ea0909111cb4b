using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// Which types <see cref="WireSerializer"/> will write and read, and its safety limits. Both ends of a connection
/// should use the same settings.
/// </summary>
/// <remarks>
/// Always allowed: primitives, <see cref="string"/>, <see cref="decimal"/>, <see cref="Guid"/>, the date and time
/// types, enums of the .NET base library, arrays, <see cref="List{T}"/>, <see cref="Dictionary{TKey,TValue}"/>,
/// <see cref="HashSet{T}"/>, <see cref="KeyValuePair{TKey,TValue}"/>, value tuples, <see cref="Nullable{T}"/>,
/// <see cref="GrainId"/>, <see cref="Membership.SiloAddress"/>, <see cref="Immutable{T}"/> and the runtime's own
/// types. Any other type named on the wire must come from an allowed assembly or be listed in <see cref="AllowedTypes"/>;
/// anything else is refused with a <see cref="System.Runtime.Serialization.SerializationException"/> naming the type.
/// </remarks>
public sealed class WireSerializerOptions
{
    /// <summary>Default of <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 256;

    /// <summary>Assemblies whose types may cross the wire. Default: none beyond the rules above.</summary>
    public IList<Assembly> AllowedAssemblies { get; } = [];

    /// <summary>Single types that may cross the wire although their assembly is not allowed. Default: none.</summary>
    public IList<Type> AllowedTypes { get; } = [];

    /// <summary>
    /// Whether every loaded assembly that references Orleans.DynamicDb.Runtime (grain interfaces, grains, their
    /// records) is allowed too. Default: true.
    /// </summary>
    public bool AllowAssembliesReferencingRuntime { get; set; } = true;

    /// <summary>
    /// How deeply values may nest (objects within objects, lists within lists) before writing or reading stops with
    /// an error, which keeps a hostile input from exhausting the stack. Default: 256. Range: 8–10,000.
    /// </summary>
    public int MaxDepth { get; set; } = DefaultMaxDepth;

    internal void Validate()
    {
        if (MaxDepth is < 8 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, "WireSerializerOptions.MaxDepth must be between 8 and 10,000.");
        }

        if (AllowedAssemblies.Any(assembly => assembly is null) || AllowedTypes.Any(type => type is null))
        {
            throw new ArgumentException("WireSerializerOptions.AllowedAssemblies and AllowedTypes must not contain null.");
        }
    }
}
