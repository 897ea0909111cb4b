using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;
using System.Reflection;
using System.Text;

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>Types known to be immutable without looking at their fields, and immutable generic containers.</summary>
internal static class KnownImmutableTypes
{
    private static readonly HashSet<Type> Values =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
        typeof(DateOnly), typeof(TimeOnly), typeof(Version), typeof(CancellationToken), typeof(Half), typeof(Int128),
        typeof(UInt128), typeof(BigInteger), typeof(Complex), typeof(Rune), typeof(Index), typeof(Range), typeof(DBNull),
    ];

    /// <summary>
    /// Types that are immutable whatever the subclass: exceptions (by convention), reflection metadata such as
    /// <see cref="Type"/>, <see cref="Uri"/>, and grain references and grains, which are identities, never copied.
    /// </summary>
    private static readonly Type[] Families =
        [typeof(Exception), typeof(MemberInfo), typeof(Assembly), typeof(Module), typeof(Uri), typeof(IAddressable)];

    /// <summary>Containers that never change once built: immutable when their type arguments are.</summary>
    private static readonly HashSet<Type> Containers =
    [
        typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableDictionary<,>), typeof(ImmutableHashSet<>),
        typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>), typeof(ImmutableQueue<>),
        typeof(ImmutableStack<>),
    ];

    /// <summary>Frozen collections: only the runtime's own sealed subclasses exist, so any subclass counts.</summary>
    private static readonly HashSet<Type> FrozenBases = [typeof(FrozenDictionary<,>), typeof(FrozenSet<>)];

    public static bool IsImmutable(Type type) =>
        type.IsPrimitive || type.IsEnum || Values.Contains(type) || Families.Any(family => family.IsAssignableFrom(type));

    /// <summary>
    /// When <paramref name="type"/> is an immutable container, the type arguments its immutability depends on.
    /// </summary>
    public static bool TryGetContainerArguments(Type type, out Type[] arguments)
    {
        if (type.IsGenericType && Containers.Contains(type.GetGenericTypeDefinition()))
        {
            arguments = type.GetGenericArguments();
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && FrozenBases.Contains(current.GetGenericTypeDefinition()))
            {
                arguments = current.GetGenericArguments();
                return true;
            }
        }

        arguments = [];
        return false;
    }
}
