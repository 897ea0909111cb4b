using System.Globalization;
using System.Reflection;
using Orleans.DynamicDb.Providers.Storage;

namespace Orleans.DynamicDb.Providers.Schema;

/// <summary>
/// The schema scripts embedded in this assembly (Schema/Sql/{Sqlite,Postgres}/NNN-name.sql), in version order, and the
/// OrleansQuery keys the schema must provide.
/// </summary>
public static class SchemaScripts
{
    /// <summary>The query keys Orleans' ADO.NET grain storage reads at start-up.</summary>
    public static readonly IReadOnlyList<string> StorageQueryKeys = ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey"];

    /// <summary>The query keys Orleans' ADO.NET reminder table reads at start-up.</summary>
    public static readonly IReadOnlyList<string> ReminderQueryKeys =
    [
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private const string ResourcePrefix = "Orleans.DynamicDb.Providers.Schema.";

    /// <summary>Every script for <paramref name="engine"/>, lowest version first.</summary>
    public static IReadOnlyList<SchemaMigration> For(DynamicDbStorageEngine engine)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var prefix = ResourcePrefix + engine + "/";
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name, name[prefix.Length..]))
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"The embedded {engine} schema scripts are not numbered 1..n without gaps: '{migrations[i].Name}' is script {i + 1}.");
            }
        }

        return migrations;
    }

    /// <summary>The schema version the embedded scripts produce for <paramref name="engine"/>.</summary>
    public static int LatestVersion(DynamicDbStorageEngine engine) => For(engine).Count;

    private static SchemaMigration Load(Assembly assembly, string resource, string fileName)
    {
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(fileName[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"The embedded schema script '{fileName}' is not named 'NNN-name.sql'.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded schema script '{resource}' cannot be read.");
        using var reader = new StreamReader(stream);
        return new SchemaMigration(version, fileName, reader.ReadToEnd());
    }
}
