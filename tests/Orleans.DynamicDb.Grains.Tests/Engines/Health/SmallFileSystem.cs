using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

/// <summary>
/// A real, tiny file system (tmpfs of a given size) mounted on a fresh directory, so tests can run out of disk space for
/// real. Needs root (the tests run as root); fails with a clear message otherwise. Disposing unmounts it and removes the directory.
/// </summary>
public sealed class SmallFileSystem : IAsyncDisposable
{
    private readonly TempDirectory _mountPoint;

    private SmallFileSystem(TempDirectory mountPoint) => _mountPoint = mountPoint;

    /// <summary>The mounted directory.</summary>
    public string Path => _mountPoint.Path;

    public static async Task<SmallFileSystem> MountAsync(int kibibytes)
    {
        if (!ProcessRunner.IsRoot)
        {
            throw new InvalidOperationException("Mounting a small tmpfs needs root; these tests run as root in CI.");
        }

        var mountPoint = new TempDirectory();
        try
        {
            await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={kibibytes}k,mode=0755", "tmpfs", mountPoint.Path], TimeSpan.FromSeconds(30));
        }
        catch
        {
            mountPoint.Dispose();
            throw;
        }

        return new SmallFileSystem(mountPoint);
    }

    /// <summary>Writes a file of <paramref name="bytes"/> bytes (zeros) and syncs it.</summary>
    public string Fill(string name, long bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        var chunk = new byte[64 * 1024];
        for (var written = 0L; written < bytes; written += chunk.Length)
        {
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
        }

        stream.Flush(flushToDisk: true);
        return path;
    }

    /// <summary>Writes zeros into <paramref name="name"/> until the file system is full (the write that fails is swallowed).</summary>
    public string FillUp(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }

        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("umount", [Path], TimeSpan.FromSeconds(30));
        _mountPoint.Dispose();
    }
}
