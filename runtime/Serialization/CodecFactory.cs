using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Serialization.Codecs;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>Chooses the codec for a type. The order of the checks is the precedence of the rules in docs/transport.md.</summary>
internal static class CodecFactory
{
    public static WireCodec Create(Type type)
    {
        if (PrimitiveCodecs.TryCreate(type) is { } primitive)
        {
            return primitive;
        }

        if (UnsupportedCodec.GetReason(type) is { } reason)
        {
            return UnsupportedCodec.Create(type, reason);
        }

        if (type.IsEnum)
        {
            return Generic(typeof(EnumCodec<>), type);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Generic(typeof(NullableCodec<>), underlying);
        }

        if (typeof(Exception).IsAssignableFrom(type))
        {
            return Generic(typeof(ExceptionCodec<>), type);
        }

        if (type.IsArray)
        {
            return type.IsSZArray
                ? Generic(typeof(ArrayCodec<>), type.GetElementType()!)
                : UnsupportedCodec.Create(type, "multi-dimensional arrays are not supported; use a jagged array (T[][])");
        }

        if (type == typeof(GrainId))
        {
            return new GrainIdCodec();
        }

        if (type == typeof(SiloAddress))
        {
            return new SiloAddressCodec();
        }

        if (type == typeof(CancellationToken))
        {
            return new CancellationTokenCodec();
        }

        if (type == typeof(object))
        {
            return new PlainObjectCodec();
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (definition == typeof(List<>))
            {
                return Generic(typeof(ListCodec<>), arguments);
            }

            if (definition == typeof(Dictionary<,>))
            {
                return Generic(typeof(DictionaryCodec<,>), arguments);
            }

            if (definition == typeof(HashSet<>))
            {
                return Generic(typeof(HashSetCodec<>), arguments);
            }

            if (definition == typeof(Immutable<>))
            {
                return Generic(typeof(ImmutableCodec<>), arguments);
            }
        }

        if (type.IsInterface || type.IsAbstract)
        {
            return Generic(typeof(AbstractCodec<>), type);
        }

        if (CollectionShapes.TryCreateMaterializingCodec(type) is { } materializing)
        {
            return materializing;
        }

        if (IsFrameworkType(type) && !IsFrameworkValueShape(type))
        {
            return UnsupportedCodec.Create(type, "it is a .NET base library type with no wire form; pass its data as primitives or a record");
        }

        return ObjectCodecCompiler.Create(type);
    }

    private static bool IsFrameworkType(Type type) =>
        type.Assembly == typeof(object).Assembly || type.Assembly.GetName().Name is { } name && name.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>Base library structs that are plain data: written member by member like records.</summary>
    private static bool IsFrameworkValueShape(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) || type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal));

    public static WireCodec Generic(Type definition, params Type[] arguments) =>
        (WireCodec)Activator.CreateInstance(definition.MakeGenericType(arguments))!;
}
