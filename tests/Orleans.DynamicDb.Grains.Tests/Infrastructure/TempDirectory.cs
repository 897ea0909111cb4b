namespace Orleans.DynamicDb.Grains.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp folder (traversable by the 'postgres' user), deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dyndb-engine-tests", Guid.NewGuid().ToString("N")[..12])).FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
