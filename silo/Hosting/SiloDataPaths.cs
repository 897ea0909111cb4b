using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>The files a silo keeps under its data directory.</summary>
public sealed class SiloDataPaths
{
    /// <param name="dataDirectory">
    /// The configured data directory; a relative path is resolved against the working directory. A value that is not
    /// a usable path is kept as it is: <see cref="DynamicDbOptionsValidator"/> rejects it before anything is written.
    /// </param>
    public SiloDataPaths(string? dataDirectory) => DataDirectory = Resolve(dataDirectory);

    /// <summary>The data directory's full path.</summary>
    public string DataDirectory { get; }

    /// <summary>The silo's own files: <c>{DataDirectory}/silo</c>.</summary>
    public string SiloDirectory => Path.Combine(DataDirectory, "silo");

    /// <summary>The SQLite file that holds grain state.</summary>
    public string GrainStateFile => Path.Combine(SiloDirectory, "grainstate.db");

    /// <summary>The SQLite file that holds reminders.</summary>
    public string RemindersFile => Path.Combine(SiloDirectory, "reminders.db");

    /// <summary>
    /// The full path of a configured data directory; the value itself when it is empty or not a path, so that
    /// validation can name it.
    /// </summary>
    public static string Resolve(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return configured ?? string.Empty;
        }

        try
        {
            return Path.GetFullPath(configured);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return configured;
        }
    }

    /// <summary>A SQLite connection string for <paramref name="file"/>.</summary>
    public static string SqliteConnectionString(string file) => new SqliteConnectionStringBuilder { DataSource = file }.ToString();
}
