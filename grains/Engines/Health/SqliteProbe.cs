using System.Globalization;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// The embedded SQLite engine's probe: its data directory exists (or can be created, as the engine would) and is
/// writable (a probe file is created, written, flushed and deleted), and its file system has at least <c>minFreeSpaceBytes</c> free. I/O errors fail it.
/// </summary>
public sealed class SqliteProbe(string dataDirectory, long minFreeSpaceBytes) : IEngineProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await WritableDirectory.CheckAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        var free = new DriveInfo(dataDirectory).AvailableFreeSpace;
        if (free < minFreeSpaceBytes)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"The data directory '{dataDirectory}' has {free} bytes free, less than the {minFreeSpaceBytes} bytes of Health:MinFreeSpaceBytes."));
        }
    }
}
