using System.Collections.Frozen;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// Types that have a one-byte id on the wire instead of a name. Ids 1–31 are types that values can have; the rest
/// name generic definitions and interfaces that only appear as parts of other types (the T of <c>List&lt;T&gt;</c>).
/// The ids are part of the wire format: never renumber them, only add.
/// </summary>
internal static class WellKnownTypes
{
    /// <summary>The highest id a value's tag can carry.</summary>
    public const byte LastValueId = 31;

    private static readonly Type?[] ById = Build();

    private static readonly FrozenDictionary<Type, byte> Ids = ById
        .Select((type, id) => (type, id))
        .Where(pair => pair.type is not null)
        .ToFrozenDictionary(pair => pair.type!, pair => (byte)pair.id);

    /// <summary>The well-known id of <paramref name="type"/>, or 0.</summary>
    public static byte IdOf(Type type) => Ids.TryGetValue(type, out var id) ? id : (byte)0;

    /// <summary>The id of a type values can have (so it can be a value's tag), or 0.</summary>
    public static byte ValueIdOf(Type type)
    {
        var id = IdOf(type);
        return id <= LastValueId ? id : (byte)0;
    }

    public static Type? TypeOf(int id) => id > 0 && id < ById.Length ? ById[id] : null;

    private static Type?[] Build()
    {
        var types = new Type?[WireTags.FirstTableIndex];
        types[1] = typeof(object);
        types[2] = typeof(bool);
        types[3] = typeof(byte);
        types[4] = typeof(sbyte);
        types[5] = typeof(short);
        types[6] = typeof(ushort);
        types[7] = typeof(int);
        types[8] = typeof(uint);
        types[9] = typeof(long);
        types[10] = typeof(ulong);
        types[11] = typeof(char);
        types[12] = typeof(float);
        types[13] = typeof(double);
        types[14] = typeof(decimal);
        types[15] = typeof(string);
        types[16] = typeof(Guid);
        types[17] = typeof(DateTime);
        types[18] = typeof(DateTimeOffset);
        types[19] = typeof(TimeSpan);
        types[20] = typeof(DateOnly);
        types[21] = typeof(TimeOnly);
        types[22] = typeof(byte[]);
        types[23] = typeof(GrainId);
        types[24] = typeof(SiloAddress);
        types[25] = typeof(CancellationToken);
        types[26] = typeof(nint);
        types[27] = typeof(nuint);
        types[28] = typeof(object[]);

        // Generic definitions, as parts of constructed types.
        types[40] = typeof(List<>);
        types[41] = typeof(Dictionary<,>);
        types[42] = typeof(HashSet<>);
        types[43] = typeof(KeyValuePair<,>);
        types[44] = typeof(Nullable<>);
        types[45] = typeof(Immutable<>);
        types[46] = typeof(ValueTuple<>);
        types[47] = typeof(ValueTuple<,>);
        types[48] = typeof(ValueTuple<,,>);
        types[49] = typeof(ValueTuple<,,,>);
        types[50] = typeof(ValueTuple<,,,,>);
        types[51] = typeof(ValueTuple<,,,,,>);
        types[52] = typeof(ValueTuple<,,,,,,>);

        // Interfaces, as type arguments (List<IReadOnlyList<int>>).
        types[60] = typeof(IEnumerable<>);
        types[61] = typeof(IReadOnlyList<>);
        types[62] = typeof(IReadOnlyCollection<>);
        types[63] = typeof(IList<>);
        types[64] = typeof(ICollection<>);
        types[65] = typeof(IReadOnlyDictionary<,>);
        types[66] = typeof(IDictionary<,>);
        types[67] = typeof(ISet<>);
        types[68] = typeof(IReadOnlySet<>);
        return types;
    }
}
