using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>
/// Checks <see cref="DynamicDbOptions"/> when the host starts; every failure names the setting and its bad value.
/// Checking the data directory prepares it: it is created when missing and a probe file is written and removed.
/// </summary>
internal sealed class DynamicDbOptionsValidator : IValidateOptions<DynamicDbOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamicDbOptions options)
    {
        var failures = new List<string>();
        if (DataDirectoryProblem(options.DataDirectory) is { } problem)
        {
            failures.Add($"{DynamicDbOptions.Setting(nameof(options.DataDirectory))} {problem}");
        }

        if (options.ReadinessTimeout <= TimeSpan.Zero)
        {
            failures.Add(
                $"{DynamicDbOptions.Setting(nameof(options.ReadinessTimeout))} must be a positive time span, e.g. \"00:00:05\"; it is {options.ReadinessTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? DataDirectoryProblem(string? configured)
    {
        const string Hint = "set it to a directory the silo can create and write to, e.g. \"./data\".";
        if (string.IsNullOrWhiteSpace(configured))
        {
            return $"is empty: {Hint}";
        }

        var paths = new SiloDataPaths(configured);
        if (!Path.IsPathFullyQualified(paths.DataDirectory))
        {
            return $"'{configured}' is not a valid path: {Hint}";
        }

        if (File.Exists(paths.DataDirectory))
        {
            return $"'{paths.DataDirectory}' is a file, not a directory: {Hint}";
        }

        try
        {
            Directory.CreateDirectory(paths.SiloDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{paths.DataDirectory}' cannot be created or has no usable 'silo' folder ({e.Message}): {Hint}";
        }

        var probe = Path.Combine(paths.SiloDirectory, $".write-probe-{Guid.NewGuid():N}");
        try
        {
            using var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            file.WriteByte(0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{paths.DataDirectory}' is not writable ({e.Message}): {Hint}";
        }

        return null;
    }
}
