using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

/// <summary>
/// A folder outside the silo's data directory that anyone may write (mode 0777), so an attack that reaches it is not
/// stopped by file permissions alone (a PostgreSQL server runs as another OS user than the tests).
/// </summary>
internal sealed class OutsideDirectory : IDisposable
{
    private readonly TempDirectory _directory = new();

    public OutsideDirectory()
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory.Path, (UnixFileMode)0b111_111_111);
        }
    }

    public string Path => _directory.Path;

    public string Combine(string name) => _directory.Combine(name);

    /// <summary>The folder is still empty: nothing was written into it.</summary>
    public void AssertEmpty()
    {
        var files = Directory.EnumerateFileSystemEntries(Path).ToArray();
        Assert.True(files.Length == 0, $"The attack wrote outside the data directory: {string.Join(", ", files)}");
    }

    public void Dispose() => _directory.Dispose();
}
