using System.Globalization;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines;

/// <summary>Where dropped databases go: data is moved aside, never deleted.</summary>
internal static class DroppedData
{
    /// <summary>The folder under the data directory that holds dropped databases.</summary>
    public const string FolderName = ".dropped";

    /// <summary>A sortable UTC timestamp for dropped names, e.g. <c>20261121083000123</c>.</summary>
    public static string Timestamp(TimeProvider time) =>
        time.GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    /// <summary>
    /// Moves <c>{dataDirectory}/{name}</c> to <c>{dataDirectory}/.dropped/{timestamp}_{name}</c> (a suffix keeps two drops
    /// in the same millisecond apart) and returns the new path.
    /// </summary>
    public static string MoveFolderAside(string dataDirectory, DatabaseName name, TimeProvider time)
    {
        var source = Path.Combine(dataDirectory, name.FullName);
        var droppedRoot = Path.Combine(dataDirectory, FolderName);
        var baseName = $"{Timestamp(time)}_{name.FullName}";
        var destination = Path.Combine(droppedRoot, baseName);
        for (var suffix = 2; Directory.Exists(destination); suffix++)
        {
            destination = Path.Combine(droppedRoot, $"{baseName}_{suffix}");
        }

        try
        {
            Directory.CreateDirectory(droppedRoot);
            Directory.Move(source, destination);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"Could not move the data of database {name} from '{source}' to '{destination}': {e.Message}", isTransient: false, e);
        }

        return destination;
    }
}
