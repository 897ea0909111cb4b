using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.DynamicDb.Cli.Commands;

/// <summary>
/// The values of <c>--arg</c>: a JSON literal (<c>42</c>, <c>1.5</c>, <c>true</c>, <c>null</c>, <c>"42"</c>) is sent as
/// that value; anything else as a string, so <c>--arg Alice</c> needs no quotes. Arrays and objects are refused.
/// </summary>
public static class SqlArguments
{
    /// <summary>The <c>args</c> array of a statement.</summary>
    public static JsonArray Parse(IEnumerable<string>? values)
    {
        var array = new JsonArray();
        foreach (var value in values ?? [])
        {
            array.Add(ParseOne(value));
        }

        return array;
    }

    private static JsonNode? ParseOne(string value)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }

        return node switch
        {
            null => null,
            JsonArray or JsonObject => throw new CliException(
                $"--arg '{value}' is a JSON array or object; arguments are single values (send JSON documents as a quoted string).", ExitCodes.Usage),
            _ => node,
        };
    }
}
