namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>
/// What decides whether one type is shallow-copyable: either a fixed answer, or the types it depends on (its field
/// types, or a container's type arguments) and whether all its fields are read-only.
/// </summary>
internal sealed class TypeShape
{
    private readonly bool _isNullable;
    private readonly bool _isValueType;
    private readonly bool _allFieldsReadOnly;

    private TypeShape(CopyTraits? fixedTraits, Type[] dependencies, bool isNullable, bool isValueType, bool allFieldsReadOnly)
    {
        Fixed = fixedTraits;
        Dependencies = dependencies;
        _isNullable = isNullable;
        _isValueType = isValueType;
        _allFieldsReadOnly = allFieldsReadOnly;
    }

    public CopyTraits? Fixed { get; }

    public Type[] Dependencies { get; }

    public static TypeShape Describe(Type type)
    {
        if (type.ContainsGenericParameters || type.IsByRef || type.IsPointer || type.IsFunctionPointer || type.IsByRefLike)
        {
            return Constant(CopyTraits.Mutable);
        }

        if (KnownImmutableTypes.IsImmutable(type) || type.IsDefined(typeof(ImmutableAttribute), inherit: true))
        {
            return Constant(CopyTraits.Immutable);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return new TypeShape(null, [underlying], isNullable: true, isValueType: true, allFieldsReadOnly: true);
        }

        if (type.IsArray || type.IsInterface || typeof(Delegate).IsAssignableFrom(type))
        {
            return Constant(CopyTraits.Mutable);
        }

        if (KnownImmutableTypes.TryGetContainerArguments(type, out var arguments))
        {
            return new TypeShape(null, arguments, isNullable: false, type.IsValueType, allFieldsReadOnly: true);
        }

        // A subclass could add mutable fields, so only sealed classes can be judged by their own fields.
        if (!type.IsValueType && !type.IsSealed)
        {
            return Constant(CopyTraits.Mutable);
        }

        var fields = InstanceFields.Of(type).ToList();
        return new TypeShape(
            null,
            [.. fields.Select(field => field.FieldType).Distinct()],
            isNullable: false,
            type.IsValueType,
            fields.TrueForAll(field => field.IsInitOnly));
    }

    /// <summary>Evaluates this shape given the current traits of its dependencies.</summary>
    public CopyTraits Evaluate(Func<Type, CopyTraits> traitsOf)
    {
        if (Fixed is { } fixedTraits)
        {
            return fixedTraits;
        }

        if (_isNullable)
        {
            return traitsOf(Dependencies[0]);
        }

        // A read-only field of a struct type cannot be changed in place, so such a struct only has to be copied by
        // assignment; a reference must point to something shallow-copyable.
        var everyDependencyOk = Array.TrueForAll(Dependencies, dependency => traitsOf(dependency).IsCopiedByAssignment);
        var shallow = everyDependencyOk && _allFieldsReadOnly;
        return new CopyTraits(shallow, _isValueType ? everyDependencyOk : shallow);
    }

    private static TypeShape Constant(CopyTraits traits) => new(traits, [], false, false, false);
}
