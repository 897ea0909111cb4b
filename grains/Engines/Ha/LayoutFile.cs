using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// Reads and atomically writes a group's layout file, <c>group.json</c> (a temporary file flushed to disk, then renamed
/// over the old one; mode 0600): the <see cref="GroupLayout"/> of a group the silo runs, or the layout of a registered
/// group (<see cref="Registered.RegisteredLayout"/>).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class LayoutFile
{
    public const string FileName = "group.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The layout of a group the silo runs in <paramref name="directory"/>, or null when there is none yet.</summary>
    public static GroupLayout? Read(string directory) =>
        Read<GroupLayout>(directory, "replication group layout", "which member is the primary");

    /// <summary>Replaces the layout of a group the silo runs (see <see cref="Write{T}"/>).</summary>
    public static void Write(string directory, GroupLayout layout) => Write<GroupLayout>(directory, layout);

    /// <summary>
    /// The layout of type <typeparamref name="T"/> in <paramref name="directory"/>, or null when there is none yet; an
    /// unreadable file fails the start (<see cref="ErrorCodes.EngineStartFailed"/>) naming the file, the
    /// <paramref name="what"/>, and what removing it would forget.
    /// </summary>
    public static T? Read<T>(string directory, string what, string forgets) where T : class
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"The {what} '{path}' cannot be read: {e.Message}. Fix or remove it (removing it forgets {forgets}).",
                isTransient: false, e);
        }
    }

    /// <summary>Replaces the layout (creating the folder when needed): a reader sees the old file or the new one, never a mix, also after a crash.</summary>
    public static void Write<T>(string directory, T layout)
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
