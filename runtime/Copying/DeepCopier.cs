namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>Temporary minimal copier; replaced by the full deep copier.</summary>
public static class DeepCopier
{
    public static bool IsShallowCopyable(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(CancellationToken) || type == typeof(Guid) || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(decimal);

    public static object? Copy(object? value) => value;
}
