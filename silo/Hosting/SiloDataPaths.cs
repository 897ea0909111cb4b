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

    /// <summary>The SQLite file of Orleans' grain state and reminders in the embedded default: <c>{DataDirectory}/silo/orleans.db</c>.</summary>
    public string OrleansStorageFile => Path.Combine(SiloDirectory, "orleans.db");

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
}
