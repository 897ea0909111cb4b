namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>A fresh folder under the temp directory for one suite's data, deleted (with everything in it) on dispose.</summary>
internal sealed class BenchDirectory : IDisposable
{
    private BenchDirectory(string path) => Path = path;

    public string Path { get; }

    public static BenchDirectory Create(string purpose)
    {
        // Under /tmp, which every user may traverse: managed PostgreSQL instances run as 'postgres' inside it.
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dyndb-bench-{purpose}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return new BenchDirectory(path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException e)
        {
            Console.WriteLine($"  (could not delete {Path}: {e.Message})");
        }
    }
}
