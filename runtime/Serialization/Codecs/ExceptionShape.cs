using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// What is written of one exception type besides message and stack: its wire name and its simple public instance
/// properties (strings, numbers, booleans, Guid, date and time values, enums as numbers) declared below
/// <see cref="Exception"/>, read through compiled getters.
/// </summary>
internal sealed class ExceptionShape
{
    private static readonly ConcurrentDictionary<Type, ExceptionShape> Cache = new();

    /// <summary>Names of <see cref="Exception"/>'s own properties: written separately or not at all, even when overridden.</summary>
    private static readonly HashSet<string> BaseNames = [.. typeof(Exception).GetProperties().Select(p => p.Name)];

    private readonly (string Name, Func<Exception, object?> Get)[] _properties;

    private ExceptionShape(Type type)
    {
        WireName = TypePolicy.WireNameOf(type);
        _properties = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !BaseNames.Contains(p.Name) && p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && IsSimple(p.PropertyType))
            .Where(p => type != typeof(RemoteException))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (p.Name, CompileGetter(type, p)))];
    }

    public string WireName { get; }

    public static ExceptionShape Of(Type type) => Cache.GetOrAdd(type, static t => new ExceptionShape(t));

    /// <summary>The values to write; a getter that throws is left out.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetProperties(Exception exception)
    {
        if (exception is RemoteException remote)
        {
            return [.. remote.Properties];
        }

        if (_properties.Length == 0)
        {
            return [];
        }

        var values = new List<KeyValuePair<string, object?>>(_properties.Length);
        foreach (var (name, get) in _properties)
        {
            try
            {
                values.Add(new(name, get(exception)));
            }
            catch (Exception)
            {
                // A property that cannot be read is simply not sent.
            }
        }

        return values;
    }

    public static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(TimeOnly);
    }

    private static Func<Exception, object?> CompileGetter(Type type, PropertyInfo property)
    {
        var exception = Expression.Parameter(typeof(Exception), "exception");
        Expression value = Expression.Property(Expression.Convert(exception, type), property);
        var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (underlying.IsEnum)
        {
            // Enums travel as numbers so the receiver needs no access to the enum type.
            value = property.PropertyType == underlying
                ? Expression.Convert(value, typeof(long))
                : Expression.Condition(
                    Expression.Property(value, "HasValue"),
                    Expression.Convert(Expression.Convert(Expression.Property(value, "Value"), typeof(long)), typeof(long?)),
                    Expression.Constant(null, typeof(long?)));
        }

        return Expression.Lambda<Func<Exception, object?>>(Expression.Convert(value, typeof(object)), exception).Compile();
    }
}
