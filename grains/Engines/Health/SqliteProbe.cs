using System.Globalization;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// The embedded SQLite engine's probe: its data directory exists (or can be created, as the engine would) and is
/// writable (a probe file is created, written, synced to disk and deleted), and the file system it lives on has at least
/// <c>minFreeSpaceBytes</c> available to this process (statvfs of the directory, through <see cref="DriveInfo"/>). Each
/// failure is an <see cref="IOException"/> naming the path and the numbers.
/// </summary>
public sealed class SqliteProbe(string dataDirectory, long minFreeSpaceBytes) : IEngineProbe
{
    private const double Mebibyte = 1024 * 1024;

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await WritableDirectory.CheckAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        var drive = new DriveInfo(dataDirectory);
        var free = drive.AvailableFreeSpace;
        if (free < minFreeSpaceBytes)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"The file system of the data directory '{dataDirectory}' has {free / Mebibyte:0.#} MiB ({free} bytes) available of "
                + $"{drive.TotalSize / Mebibyte:0.#} MiB, less than the {minFreeSpaceBytes / Mebibyte:0.#} MiB ({minFreeSpaceBytes} bytes) "
                + $"of setting Health:{nameof(EngineHealthOptions.MinFreeSpaceBytes)}."));
        }
    }
}
