using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// How a record, class or struct is written and rebuilt. One rule, applied in order:
/// <list type="number">
/// <item>Constructor: the public constructor with the most parameters whose every parameter matches a public
/// property or field by name (case-insensitive) and type. Its members are written in parameter order, then the
/// remaining settable public members (setter or init, or non-read-only field) by name. Records use this rule.</item>
/// <item>Setters: otherwise, with a public parameterless constructor (or for a struct), the settable public members,
/// by name.</item>
/// <item>Fields: otherwise (or when there is nothing settable but the type has state), every instance field,
/// public or private, including those of base classes; the object is created without running a constructor.</item>
/// </list>
/// Public members that are neither constructor parameters nor settable (computed properties) are not written.
/// </summary>
internal sealed class ObjectShape
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public;

    private ObjectShape(ObjectConstruction kind, ConstructorInfo? constructor, MemberInfo[] constructorMembers, MemberInfo[] assignedMembers)
    {
        Kind = kind;
        Constructor = constructor;
        ConstructorMembers = constructorMembers;
        AssignedMembers = assignedMembers;
    }

    public ObjectConstruction Kind { get; }

    public ConstructorInfo? Constructor { get; }

    /// <summary>The members passed to <see cref="Constructor"/>, in parameter order.</summary>
    public MemberInfo[] ConstructorMembers { get; }

    /// <summary>The members assigned after the object exists.</summary>
    public MemberInfo[] AssignedMembers { get; }

    public int MemberCount => ConstructorMembers.Length + AssignedMembers.Length;

    public static ObjectShape Describe(Type type)
    {
        var members = PublicMembers(type);
        var byName = members.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        var best = type.GetConstructors()
            .Select(c => (Constructor: c, Members: Match(c, byName)))
            .Where(c => c.Members is { Length: > 0 })
            .OrderByDescending(c => c.Members!.Length)
            .ThenBy(c => c.Constructor.ToString(), StringComparer.Ordinal)
            .FirstOrDefault();
        if (best.Constructor is not null)
        {
            var used = best.Members!.ToHashSet();
            return new ObjectShape(ObjectConstruction.Constructor, best.Constructor, best.Members!, [.. members.Where(m => !used.Contains(m) && IsSettable(m))]);
        }

        var settable = members.Where(IsSettable).ToArray();
        var hasDefaultConstructor = type.IsValueType || type.GetConstructor(Type.EmptyTypes) is not null;
        if (hasDefaultConstructor && (settable.Length > 0 || AllFields(type).Length == 0))
        {
            return new ObjectShape(ObjectConstruction.Setters, null, [], settable);
        }

        return new ObjectShape(ObjectConstruction.Fields, null, [], AllFields(type));
    }

    public static Type MemberType(MemberInfo member) => member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;

    private static MemberInfo[]? Match(ConstructorInfo constructor, Dictionary<string, MemberInfo> byName)
    {
        var parameters = constructor.GetParameters();
        var matched = new MemberInfo[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Name is not { } name || !byName.TryGetValue(name, out var member) || MemberType(member) != parameters[i].ParameterType
                || Array.IndexOf(matched, member) >= 0)
            {
                return null;
            }

            matched[i] = member;
        }

        return matched;
    }

    /// <summary>Readable public properties (no indexers) and public fields, one per name (the most derived), ordered by name.</summary>
    private static MemberInfo[] PublicMembers(Type type)
    {
        IEnumerable<MemberInfo> properties = type.GetProperties(Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);
        return [.. properties.Concat(type.GetFields(Instance))
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(m => Depth(m.DeclaringType!)).First())
            .OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    private static bool IsSettable(MemberInfo member) => member switch
    {
        PropertyInfo property => property.SetMethod is { IsPublic: true },
        FieldInfo field => !field.IsInitOnly && !field.IsLiteral,
        _ => false,
    };

    /// <summary>Every instance field, base classes first, each level by name.</summary>
    private static MemberInfo[] AllFields(Type type)
    {
        var levels = new List<Type>();
        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            levels.Insert(0, current);
        }

        return [.. levels.SelectMany(level => level
            .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .OrderBy(f => f.Name, StringComparer.Ordinal))];
    }

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            depth++;
        }

        return depth;
    }
}

/// <summary>Which rule of <see cref="ObjectShape"/> applies.</summary>
internal enum ObjectConstruction
{
    Constructor,
    Setters,
    Fields,
}
