namespace Orleans.DynamicDb.Engines.Health;

/// <summary>Checks that a directory exists (creating it when missing) and can be written: creates, writes, flushes and deletes a probe file in it.</summary>
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
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The data directory '{directory}' is not writable: {e.Message}", e);
        }
    }
}
