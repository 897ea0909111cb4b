using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>Types whose instances cannot be deep-copied, and the error that says why.</summary>
internal static class UnsupportedTypes
{
    /// <summary>Why values of <paramref name="type"/> cannot be copied, or null when they can.</summary>
    public static string? GetReason(Type type)
    {
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return "delegates carry code and captured state, which cannot be copied";
        }

        if (typeof(Task).IsAssignableFrom(type))
        {
            return "a task is an operation in progress; await it and pass its result";
        }

        if (typeof(CancellationTokenSource).IsAssignableFrom(type))
        {
            return "a cancellation source controls the caller's operations; pass its Token, which crosses a call unchanged";
        }

        if (typeof(MarshalByRefObject).IsAssignableFrom(type) || HasFinalizer(type))
        {
            return "it owns an operating-system resource (a stream, handle or similar)";
        }

        var elementType = type.IsArray ? type.GetElementType()! : null;
        if (elementType is { IsPointer: true } or { IsFunctionPointer: true }
            || InstanceFields.Of(type).Any(field => field.FieldType.IsPointer || field.FieldType.IsFunctionPointer))
        {
            return "it holds a raw pointer";
        }

        return null;
    }

    public static NotSupportedException CreateException(Type type, string reason) => new(
        $"Cannot copy a value of type '{TypeNames.Format(type)}' for a grain call: {reason}. Pass an immutable value "
        + "instead, or wrap it in Immutable<T> (or mark its type [Immutable]) if neither side ever changes it.");

    private static bool HasFinalizer(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            var finalizer = current.GetMethod(
                "Finalize",
                BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly,
                Type.EmptyTypes);
            if (finalizer is not null)
            {
                return true;
            }
        }

        return false;
    }
}
