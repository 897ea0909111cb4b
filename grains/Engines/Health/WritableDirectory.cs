namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Checks that a directory exists (creating it when missing, as the engines do) and can be written: creates a probe file,
/// writes it, forces it to the disk (fsync) and deletes it.
/// </summary>
internal static class WritableDirectory
{
    public static async Task CheckAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, $".health-probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(directory);
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync("probe"u8.ToArray(), cancellationToken).ConfigureAwait(false);

                // Flush(true) is fsync: a full disk or a failing device often answers only here, not at the write.
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The data directory '{directory}' is not writable: creating, writing, syncing and deleting the probe file '{path}' failed: {e.Message}", e);
        }
    }
}
