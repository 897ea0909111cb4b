namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>Deep-copies an unboxed struct of type <typeparamref name="T"/> whose fields hold something that needs copying.</summary>
internal static class ValueCopier<T>
{
    private static Func<T, CopyContext, T>? _copy;

    public static T Copy(T value, CopyContext context) => (_copy ??= Create())(value, context);

    private static Func<T, CopyContext, T> Create()
    {
        if (UnsupportedTypes.GetReason(typeof(T)) is { } reason)
        {
            return (_, _) => throw UnsupportedTypes.CreateException(typeof(T), reason);
        }

        return FieldCopierEmitter.CreateValueCopier<T>();
    }
}
