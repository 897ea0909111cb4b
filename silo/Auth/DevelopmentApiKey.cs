using System.Security.Cryptography;
using System.Text;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// The API key of the embedded default: random, for the app <see cref="App"/>, created once in
/// <c>{DataDirectory}/silo/dev-api-key</c> with mode 0600 and read back on every later start.
/// </summary>
internal static class DevelopmentApiKey
{
    /// <summary>The app the development key acts for.</summary>
    public const string App = "default";

    /// <summary>The file name under the silo folder.</summary>
    public const string FileName = "dev-api-key";

    private const string Prefix = "dyndb_dev_";

    /// <summary>The key in <paramref name="path"/>, creating the file when it is missing or empty.</summary>
    /// <returns>The key, and whether this call created it.</returns>
    public static (string Key, bool Created) LoadOrCreate(string path)
    {
        if (Read(path) is { } existing)
        {
            return (existing, false);
        }

        var key = Prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(Encoding.UTF8.GetBytes(key + "\n"));
            file.Flush(flushToDisk: true);
        }

        try
        {
            // Another silo on the same data directory may have won the race: keep its key.
            File.Move(temporary, path, overwrite: false);
            return (key, true);
        }
        catch (IOException) when (Read(path) is { } winner)
        {
            File.Delete(temporary);
            return (winner, false);
        }
    }

    private static string? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var key = File.ReadAllText(path).Trim();
        return key.Length >= AuthOptionsValidator.MinKeyLength
            ? key
            : throw new InvalidOperationException($"The development API key file '{path}' does not hold a usable key: delete it and restart to get a new one.");
    }
}
