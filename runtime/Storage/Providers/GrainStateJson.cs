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

    public static string Serialize<T>(T state) => JsonSerializer.Serialize(state, Options);

    public static T Deserialize<T>(string payload) => JsonSerializer.Deserialize<T>(payload, Options)!;

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
