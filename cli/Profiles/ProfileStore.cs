using System.Text.Json;

namespace Orleans.DynamicDb.Cli.Profiles;

/// <summary>
/// The profile file: <c>$DYNDB_CONFIG</c>, else <c>~/.config/dyndb/profile.json</c>; written with mode 0600 (its folder
/// 0700) because it holds keys, and never printed back.
/// </summary>
public sealed class ProfileStore(CliEnvironment environment)
{
    /// <summary>The variable naming the profile file.</summary>
    public const string ConfigVariable = "DYNDB_CONFIG";

    /// <summary>The variable overriding the profile's URL.</summary>
    public const string UrlVariable = "DYNDB_URL";

    /// <summary>The variable overriding the profile's API key.</summary>
    public const string KeyVariable = "DYNDB_KEY";

    /// <summary>The variable overriding the profile's admin key.</summary>
    public const string AdminKeyVariable = "DYNDB_ADMIN_KEY";

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The profile file's path.</summary>
    public string Path
    {
        get
        {
            if (environment.Variable(ConfigVariable) is { } configured)
            {
                return System.IO.Path.GetFullPath(configured);
            }

            var home = environment.Variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return System.IO.Path.Combine(home, ".config", "dyndb", "profile.json");
        }
    }

    /// <summary>The saved profile, or <see cref="SiloProfile.Empty"/> when there is no file.</summary>
    public SiloProfile Read()
    {
        var path = Path;
        if (!File.Exists(path))
        {
            return SiloProfile.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ProfileJson.Default.SiloProfile) ?? SiloProfile.Empty;
        }
        catch (JsonException e)
        {
            throw new CliException($"The profile file {path} is not valid JSON ({e.Message}); run 'dyndb login' again or delete it.", ExitCodes.Usage, e);
        }
        catch (IOException e)
        {
            throw new CliException($"The profile file {path} cannot be read: {e.Message}", ExitCodes.Failure, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException($"The profile file {path} cannot be read: {e.Message}", ExitCodes.Failure, e);
        }
    }

    /// <summary>The saved profile with the environment's overrides applied.</summary>
    public SiloProfile Resolve()
    {
        var saved = Read();
        return new SiloProfile(
            environment.Variable(UrlVariable) ?? saved.Url,
            environment.Variable(KeyVariable) ?? saved.Key,
            environment.Variable(AdminKeyVariable) ?? saved.AdminKey);
    }

    /// <summary>Writes the profile (mode 0600), replacing the file atomically.</summary>
    public void Write(SiloProfile profile)
    {
        var path = Path;
        try
        {
            WriteFile(path, profile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"The profile file {path} cannot be written: {e.Message}", ExitCodes.Failure, e);
        }
    }

    /// <summary>Deletes the profile file; false when there was none.</summary>
    public bool Delete()
    {
        var path = Path;
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private static void WriteFile(string path, SiloProfile profile)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, PrivateFolder);
            }
        }

        // A fresh temporary file gets mode 0600 at creation; the rename then replaces the profile in one step.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, profile, ProfileJson.Default.SiloProfile);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
