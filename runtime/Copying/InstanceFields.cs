using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>Every instance field of a type, including the private fields its base classes declare.</summary>
internal static class InstanceFields
{
    private const BindingFlags DeclaredInstance =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static IEnumerable<FieldInfo> Of(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(DeclaredInstance))
            {
                yield return field;
            }
        }
    }
}
