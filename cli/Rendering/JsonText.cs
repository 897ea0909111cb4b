using System.Text.Json;

namespace Orleans.DynamicDb.Cli.Rendering;

/// <summary>How a JSON value of an answer is shown in a table cell.</summary>
public static class JsonText
{
    /// <summary>The text of a value: strings as they are, numbers and booleans in JSON form, <c>NULL</c> for null.</summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "NULL",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>The text of a member, or <c>-</c> when it is missing or null.</summary>
    public static string Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Of(value)
            : "-";
}
