using System.Reflection;
using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>Stands for a type that cannot cross the wire: using it throws, naming the type and the reason.</summary>
internal static class UnsupportedCodec
{
    public static WireCodec Create(Type type, string reason) =>
        (WireCodec)Activator.CreateInstance(typeof(UnsupportedCodec<>).MakeGenericType(type), reason)!;

    /// <summary>Why values of <paramref name="type"/> cannot be serialized, or null when they can.</summary>
    public static string? GetReason(Type type)
    {
        if (type.IsPointer || type.IsByRef || type.IsByRefLike || type.IsFunctionPointer)
        {
            return "pointers, references and ref structs cannot leave the stack";
        }

        if (type.ContainsGenericParameters)
        {
            return "it is an open generic type";
        }

        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return "delegates carry code and captured state";
        }

        if (typeof(Task).IsAssignableFrom(type) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>)) || type == typeof(ValueTask))
        {
            return "a task is an operation in progress; await it and pass its result";
        }

        if (typeof(MemberInfo).IsAssignableFrom(type) || typeof(Assembly).IsAssignableFrom(type))
        {
            return "reflection objects belong to the process that loaded them; pass a name instead";
        }

        if (typeof(MarshalByRefObject).IsAssignableFrom(type) || (!type.IsValueType && typeof(IDisposable).IsAssignableFrom(type) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)))
        {
            return "it owns a resource (a stream, handle, connection or similar) that cannot move to another process";
        }

        return null;
    }
}

internal sealed class UnsupportedCodec<T> : WireCodec<T>
{
    private readonly string _reason;

    public UnsupportedCodec(string reason)
    {
        _reason = reason;
        IsUnsupported = true;
    }

    public override void Write(WireWriter writer, T value) => throw Error();

    public override T Read(WireReader reader) => throw Error();

    private SerializationException Error() => new($"A {TypeNames.Format(typeof(T))} cannot be serialized: {_reason}.");
}
