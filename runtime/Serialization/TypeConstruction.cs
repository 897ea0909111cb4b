using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>Array and generic types built from type references, cached so reading a message does not call reflection.</summary>
internal static class TypeConstruction
{
    private static readonly ConcurrentDictionary<Type, Type> Arrays = new();
    private static readonly ConcurrentDictionary<GenericKey, Type> Generics = new();

    public static Type MakeArray(Type element) =>
        Arrays.TryGetValue(element, out var array) ? array : Arrays.GetOrAdd(element, static e => Validate(e).MakeArrayType());

    public static Type MakeGeneric(Type definition, Type[] arguments)
    {
        if (arguments.Length > 4)
        {
            return Construct(definition, arguments);
        }

        var key = new GenericKey(definition, arguments[0], At(arguments, 1), At(arguments, 2), At(arguments, 3));
        return Generics.TryGetValue(key, out var type) ? type : Generics.GetOrAdd(key, Construct(definition, arguments));
    }

    private static Type? At(Type[] arguments, int index) => index < arguments.Length ? arguments[index] : null;

    private static Type Construct(Type definition, Type[] arguments)
    {
        foreach (var argument in arguments)
        {
            Validate(argument);
        }

        try
        {
            return definition.MakeGenericType(arguments);
        }
        catch (ArgumentException exception)
        {
            throw new SerializationException(
                $"The input names {TypeNames.Format(definition)} with type arguments that do not satisfy its constraints.", exception);
        }
    }

    private static Type Validate(Type type) => type.IsGenericTypeDefinition || type.IsByRef || type.IsPointer
        ? throw new SerializationException($"The input uses the open or special type {TypeNames.Format(type)} as a type argument.")
        : type;

    private readonly record struct GenericKey(Type Definition, Type A0, Type? A1, Type? A2, Type? A3);
}
