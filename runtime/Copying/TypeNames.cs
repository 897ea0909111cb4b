namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>Short, C#-like type names for error messages: <c>Func&lt;Int32&gt;</c> rather than <c>System.Func`1[System.Int32]</c>.</summary>
internal static class TypeNames
{
    public static string Format(Type type)
    {
        if (type.IsArray)
        {
            return $"{Format(type.GetElementType()!)}[{new string(',', type.GetArrayRank() - 1)}]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Format))}>";
    }
}
