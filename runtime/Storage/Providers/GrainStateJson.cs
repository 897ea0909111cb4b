using System.Text.Json;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>
/// The one JSON format every grain storage provider writes state in, so a record written by one provider reads
/// back the same in another, and stored state is always a copy of the grain's object, never a shared reference.
/// </summary>
internal static class GrainStateJson
{
    /// <summary>The shared serializer settings (System.Text.Json defaults; read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The state as JSON; a state that cannot be serialized fails with a message naming the grain and the state.</summary>
    public static string Serialize<T>(T state, string provider, string stateName, GrainId grainId)
    {
        try
        {
            return JsonSerializer.Serialize(state, Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"Grain storage '{provider}' could not serialize state '{stateName}' of grain '{grainId}' ({typeof(T)}) to JSON: {e.Message}", e);
        }
    }

    /// <summary>The stored JSON as a new state object; a payload that does not fit the type fails with a message naming the grain and the state.</summary>
    public static T Deserialize<T>(string payload, string provider, string stateName, GrainId grainId)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Options)!;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"Grain storage '{provider}' could not read state '{stateName}' of grain '{grainId}' as {typeof(T)}: {e.Message}", e);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            WriteIndented = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
