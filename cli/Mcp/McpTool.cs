using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp;

/// <summary>
/// One tool of <c>dyndb mcp</c>: its name, description and JSON input schema (the argument names the client sees), and
/// what it does with checked arguments against the silo's HTTP API. The answer is a JSON object sent to the client.
/// </summary>
public abstract class McpTool
{
    /// <summary>The tool's name (snake_case, as in the seed).</summary>
    public abstract string Name { get; }

    /// <summary>What the tool does, for the model that chooses it.</summary>
    public abstract string Description { get; }

    /// <summary>True when the tool changes nothing (annotated <c>readOnlyHint</c>).</summary>
    public virtual bool ReadOnly => true;

    /// <summary>The tool's arguments as JSON Schema properties (name → schema), in order.</summary>
    public abstract IReadOnlyList<(string Name, JsonObject Schema)> Properties { get; }

    /// <summary>The arguments that must be given.</summary>
    public virtual IReadOnlyList<string> Required => [];

    /// <summary>Runs the tool with its arguments (already checked to be known ones).</summary>
    public abstract Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken);

    /// <summary>The input schema: an object with <see cref="Properties"/> and <see cref="Required"/>, no other properties.</summary>
    public JsonElement InputSchema()
    {
        var properties = new JsonObject();
        foreach (var (name, schema) in Properties)
        {
            properties[name] = schema;
        }

        var root = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. Required.Select(r => (JsonNode)r)]),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(root);
    }

    /// <summary>A JSON node for an answer of the silo.</summary>
    protected static JsonNode? Node(JsonElement element) => JsonNode.Parse(element.GetRawText());
}
