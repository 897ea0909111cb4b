using Microsoft.Extensions.Options;
using Npgsql;

namespace Orleans.DynamicDb.Providers.Storage;

/// <summary>Checks <see cref="DynamicDbStorageOptions"/> at start-up; each failure names the setting and its value.</summary>
internal sealed class DynamicDbStorageOptionsValidator : IValidateOptions<DynamicDbStorageOptions>
{
    private static readonly TimeSpan MaxInstallTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, DynamicDbStorageOptions options)
    {
        var errors = new List<string>();
        const string section = DynamicDbStorageOptions.SectionName;
        switch (options.Engine)
        {
            case DynamicDbStorageEngine.Sqlite:
                ValidateSqlite(options, errors);
                break;
            case DynamicDbStorageEngine.Postgres:
                ValidatePostgres(options, errors);
                break;
            default:
                errors.Add($"{section}:Engine '{options.Engine}' is not supported: use 'Sqlite' or 'Postgres'.");
                break;
        }

        if (options.InstallTimeout <= TimeSpan.Zero || options.InstallTimeout > MaxInstallTimeout)
        {
            errors.Add($"{section}:InstallTimeout must be positive and at most {MaxInstallTimeout}; it is {options.InstallTimeout}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSqlite(DynamicDbStorageOptions options, List<string> errors)
    {
        const string setting = DynamicDbStorageOptions.SectionName + ":SqlitePath";
        var path = options.SqlitePath;
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{setting} must name a file when Engine is 'Sqlite'; it is empty.");
            return;
        }

        if (path.Trim().StartsWith(':') || path.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{setting} '{path}' is an in-memory database: grain state and reminders must survive a restart, so give a file path.");
            return;
        }

        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar))
        {
            errors.Add($"{setting} '{path}' is not a valid file path.");
            return;
        }

        if (Directory.Exists(Path.GetFullPath(path)))
        {
            errors.Add($"{setting} '{path}' is a directory; give the path of the database file inside it.");
        }
    }

    private static void ValidatePostgres(DynamicDbStorageOptions options, List<string> errors)
    {
        const string setting = DynamicDbStorageOptions.SectionName + ":PostgresConnectionString";
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            errors.Add($"{setting} is required when Engine is 'Postgres'; it is empty.");
            return;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
        }
        catch (ArgumentException e)
        {
            errors.Add($"{setting} is not a valid Npgsql connection string: {e.Message}");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            errors.Add($"{setting} has no Host.");
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            errors.Add($"{setting} has no Database: name the database that holds the Orleans tables.");
        }
    }
}
