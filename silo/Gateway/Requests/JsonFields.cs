using System.Text.Json;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.Gateway.Requests;

/// <summary>Reads fields of a JSON request object; every failure is <c>request.invalid</c> naming the field.</summary>
internal static class JsonFields
{
    /// <summary>A string field that must be present and not blank.</summary>
    public static string RequiredString(JsonElement owner, string field, string? path = null)
    {
        var value = OptionalString(owner, field, path);
        return !string.IsNullOrWhiteSpace(value)
            ? value
            : throw Invalid(value is null
                ? $"The field '{Name(field, path)}' is required."
                : $"The field '{Name(field, path)}' must not be empty.");
    }

    /// <summary>A string field, or null when it is missing or null.</summary>
    public static string? OptionalString(JsonElement owner, string field, string? path = null)
    {
        if (!owner.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Invalid($"The field '{Name(field, path)}' must be a string, not {Describe(value)}.");
    }

    /// <summary>A number field, or null when it is missing or null.</summary>
    public static double? OptionalNumber(JsonElement owner, string field, string? path = null)
    {
        if (!owner.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Invalid($"The field '{Name(field, path)}' must be a number, not {Describe(value)}.");
    }

    /// <summary>A boolean field, or false when it is missing or null.</summary>
    public static bool OptionalBool(JsonElement owner, string field, string? path = null)
    {
        if (!owner.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw Invalid($"The field '{Name(field, path)}' must be true or false, not {Describe(value)}.");
    }

    /// <summary>An array field that must be present.</summary>
    public static JsonElement RequiredArray(JsonElement owner, string field, string? path = null)
    {
        if (!owner.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Invalid($"The field '{Name(field, path)}' is required.");
        }

        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw Invalid($"The field '{Name(field, path)}' must be an array, not {Describe(value)}.");
    }

    /// <summary>The statement arguments in an optional array field: null, booleans, numbers and strings.</summary>
    public static IReadOnlyList<object?> Args(JsonElement owner, string field, string? path = null)
    {
        if (!owner.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"The field '{Name(field, path)}' must be an array of arguments, not {Describe(value)}.");
        }

        var args = new object?[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            args[i] = JsonArgs.ToValue(item, $"{Name(field, path)}[{i}]");
            i++;
        }

        return args;
    }

    /// <summary>A field's full name for messages, e.g. <c>queries[1].sql</c>.</summary>
    public static string Name(string field, string? path) => path is null ? field : $"{path}.{field}";

    /// <summary>What a JSON value is, for messages: "a number", "an array"...</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public static DynamicDbException Invalid(string message) => new(ErrorCodes.RequestInvalid, message);
}
