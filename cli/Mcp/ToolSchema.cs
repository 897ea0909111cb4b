using System.Text.Json.Nodes;

namespace Orleans.DynamicDb.Cli.Mcp;

/// <summary>Small JSON Schema pieces for tool arguments.</summary>
public static class ToolSchema
{
    /// <summary>A string argument.</summary>
    public static JsonObject String(string description) => new() { ["type"] = "string", ["description"] = description };

    /// <summary>A string argument with fixed values.</summary>
    public static JsonObject Enum(string description, IEnumerable<string> values, string? fallback = null)
    {
        var schema = String(description);
        schema["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        if (fallback is not null)
        {
            schema["default"] = fallback;
        }

        return schema;
    }

    /// <summary>A boolean argument.</summary>
    public static JsonObject Boolean(string description, bool fallback) =>
        new() { ["type"] = "boolean", ["description"] = description, ["default"] = fallback };

    /// <summary>A whole-number argument.</summary>
    public static JsonObject Integer(string description, int min, int max, int? fallback = null)
    {
        var schema = new JsonObject { ["type"] = "integer", ["description"] = description, ["minimum"] = min, ["maximum"] = max };
        if (fallback is not null)
        {
            schema["default"] = fallback;
        }

        return schema;
    }

    /// <summary>A number argument.</summary>
    public static JsonObject Number(string description, double min, double max) =>
        new() { ["type"] = "number", ["description"] = description, ["minimum"] = min, ["maximum"] = max };

    /// <summary>An array of fixed strings.</summary>
    public static JsonObject EnumArray(string description, IEnumerable<string> values) => new()
    {
        ["type"] = "array",
        ["description"] = description,
        ["items"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) },
    };

    /// <summary>An array of SQL argument values.</summary>
    public static JsonObject SqlArgs(string description) => new()
    {
        ["type"] = "array",
        ["description"] = description,
        ["items"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean", "null") },
    };
}
