using System.Collections.Concurrent;
using System.Text;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// What a type reference to one type needs, computed once: its well-known id, or how it is built (named, generic
/// instance, array) with its parts, and its UTF-8 wire name. Codecs hold the one for their wire type, so writing a
/// type reference looks nothing up by <see cref="System.Type"/>.
/// </summary>
internal sealed class WireTypeInfo
{
    private static readonly ConcurrentDictionary<Type, WireTypeInfo> Cache = new();

    private TypePolicy? _allowedBy;

    private WireTypeInfo(Type type)
    {
        Type = type;
        WellKnownId = WellKnownTypes.IdOf(type);
        if (WellKnownId != 0)
        {
            Components = [];
        }
        else if (type.IsArray)
        {
            Kind = WireTags.ArrayType;
            Components = [Of(type.GetElementType()!)];
        }
        else if (type.IsConstructedGenericType)
        {
            Kind = WireTags.GenericType;
            Components = [Of(type.GetGenericTypeDefinition()), .. type.GetGenericArguments().Select(Of)];
        }
        else
        {
            Kind = WireTags.NamedType;
            Components = [];
            Name = Encoding.UTF8.GetBytes(TypePolicy.WireNameOf(type));
        }
    }

    public Type Type { get; }

    public byte WellKnownId { get; }

    /// <summary><see cref="WireTags.NamedType"/>, <see cref="WireTags.GenericType"/> or <see cref="WireTags.ArrayType"/> (0 when well-known).</summary>
    public byte Kind { get; }

    /// <summary>Element type (arrays), or generic definition then type arguments (generic instances).</summary>
    public WireTypeInfo[] Components { get; }

    /// <summary>"Namespace.Type, Assembly" in UTF-8, for named types.</summary>
    public byte[]? Name { get; }

    public static WireTypeInfo Of(Type type) =>
        Cache.TryGetValue(type, out var info) ? info : Cache.GetOrAdd(type, static t => new WireTypeInfo(t));

    /// <summary>Throws unless <paramref name="policy"/> allows this named type; remembers the last policy that did.</summary>
    public void EnsureAllowed(TypePolicy policy)
    {
        if (!ReferenceEquals(_allowedBy, policy))
        {
            policy.EnsureAllowed(Type);
            _allowedBy = policy;
        }
    }
}
