using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Gateway.Requests;

/// <summary>
/// Converts one JSON statement argument to the plain .NET value the engines bind: null, <see cref="bool"/>,
/// <see cref="string"/>, <see cref="long"/> for integers that fit and <see cref="double"/> for every other number (as
/// JSON numbers are; SQLite would bind a decimal as text). Exact decimals are sent as strings: PostgreSQL casts an
/// untyped string to the column's numeric type. Arrays and objects are refused.
/// </summary>
internal static class JsonArgs
{
    public static object? ToValue(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => Number(value, name),
        _ => throw JsonFields.Invalid(
            $"The argument '{name}' is {JsonFields.Describe(value)}: arguments must be null, booleans, numbers or strings (send JSON documents as strings)."),
    };

    private static object Number(JsonElement value, string name)
    {
        if (value.TryGetInt64(out var integer))
        {
            return integer;
        }

        return value.TryGetDouble(out var approximate) && double.IsFinite(approximate)
            ? approximate
            : throw JsonFields.Invalid($"The argument '{name}' is a number outside the range of a double.");
    }
}
