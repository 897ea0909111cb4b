using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>Reads and atomically writes a registered group's layout (a temporary file flushed to disk, then renamed over the old one; mode 0600).</summary>
[UnsupportedOSPlatform("windows")]
internal static class RegisteredLayoutFile
{
    public const string FileName = "group.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The layout in <paramref name="directory"/>, or null when there is none yet.</summary>
    public static RegisteredLayout? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RegisteredLayout>(File.ReadAllText(path), Json) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"The registered group layout '{path}' cannot be read: {e.Message}. Fix or remove it (removing it forgets which members are fenced).",
                isTransient: false, e);
        }
    }

    /// <summary>Replaces the layout: a reader sees the old file or the new one, never a mix, also after a crash.</summary>
    public static void Write(string directory, RegisteredLayout layout)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            JsonSerializer.Serialize(stream, layout, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
