using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

/// <summary>
/// Makes a directory read-only for the test process: immutable (<c>chattr +i</c>) when the tests run as root, whom
/// permissions do not stop, else mode 0555. Disposing makes it writable again.
/// </summary>
public sealed class ReadOnlyDirectory : IAsyncDisposable
{
    private readonly string _path;

    private ReadOnlyDirectory(string path) => _path = path;

    public static async Task<ReadOnlyDirectory> MakeAsync(string path)
    {
        if (ProcessRunner.IsRoot)
        {
            await ProcessRunner.RunAsync("chattr", ["+i", path], TimeSpan.FromSeconds(30));
        }
        else
        {
            await ProcessRunner.RunAsync("chmod", ["555", path], TimeSpan.FromSeconds(30));
        }

        return new ReadOnlyDirectory(path);
    }

    public async ValueTask DisposeAsync()
    {
        if (ProcessRunner.IsRoot)
        {
            await ProcessRunner.RunAsync("chattr", ["-i", _path], TimeSpan.FromSeconds(30));
        }
        else
        {
            await ProcessRunner.RunAsync("chmod", ["755", _path], TimeSpan.FromSeconds(30));
        }
    }
}
