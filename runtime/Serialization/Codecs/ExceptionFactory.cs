using System.Collections.Concurrent;
using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// Recreates an exception of a known type from its wire parts. Each public constructor is tried whose parameters can
/// all be filled: a string "message" from the message, an exception "inner…" from the inner exception, any other
/// parameter from the property of the same name (case-insensitive; enums from their numbers), or its default value.
/// Constructors that use more properties are tried first; the first one whose result has exactly the original message
/// wins. Exceptions are not on the hot path, so this uses plain reflection.
/// </summary>
internal static class ExceptionFactory
{
    private static readonly ConcurrentDictionary<Type, ConstructorInfo[]> Constructors = new();

    public static Exception? TryCreate(Type type, string message, Exception? inner, IReadOnlyDictionary<string, object?> properties)
    {
        var candidates = new List<(int Score, ConstructorInfo Constructor, object?[] Arguments)>();
        foreach (var constructor in Constructors.GetOrAdd(type, static t => t.GetConstructors()))
        {
            if (TryBind(constructor, message, inner, properties, out var arguments, out var score))
            {
                candidates.Add((score, constructor, arguments));
            }
        }

        foreach (var (_, constructor, arguments) in candidates.OrderByDescending(c => c.Score).ThenByDescending(c => c.Arguments.Length))
        {
            Exception created;
            try
            {
                created = (Exception)constructor.Invoke(arguments);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            if (string.Equals(created.Message, message, StringComparison.Ordinal))
            {
                return created;
            }
        }

        return null;
    }

    private static bool TryBind(
        ConstructorInfo constructor,
        string message,
        Exception? inner,
        IReadOnlyDictionary<string, object?> properties,
        out object?[] arguments,
        out int score)
    {
        var parameters = constructor.GetParameters();
        arguments = new object?[parameters.Length];
        score = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var name = parameter.Name ?? string.Empty;
            var type = parameter.ParameterType;
            if (type == typeof(string) && name.Equals("message", StringComparison.OrdinalIgnoreCase))
            {
                arguments[i] = message;
                score += 1;
            }
            else if (typeof(Exception).IsAssignableFrom(type) && name.Contains("inner", StringComparison.OrdinalIgnoreCase))
            {
                if (inner is not null && !type.IsInstanceOfType(inner))
                {
                    return false;
                }

                arguments[i] = inner;
                score += inner is null ? 0 : 2;
            }
            else if (properties.TryGetValue(name, out var value) && TryConvert(value, type, out var converted))
            {
                arguments[i] = converted;
                score += 4;
            }
            else if (parameter.HasDefaultValue)
            {
                arguments[i] = parameter.DefaultValue;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryConvert(object? value, Type type, out object? converted)
    {
        converted = value;
        if (value is null)
        {
            return !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
        }

        if (type.IsInstanceOfType(value))
        {
            return true;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum && value is long number)
        {
            converted = Enum.ToObject(target, number);
            return true;
        }

        return false;
    }
}
