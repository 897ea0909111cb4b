using Orleans.DynamicDb.Cli.Shell;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Shell;

public sealed class ShellHistoryTests
{
    [Fact]
    public void History_keeps_the_last_entries_up_to_its_capacity_across_loads()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("sub", "history");
        var history = new ShellHistory(path, capacity: 3);

        foreach (var entry in new[] { "a", "b", "b", "c", "multi\nline \\ text", "d" })
        {
            history.Add(entry);
        }

        var loaded = new ShellHistory(path, capacity: 3);
        Assert.Equal(["c", "multi\nline \\ text", "d"], loaded.Entries);
        Assert.Equal(3, File.ReadAllLines(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
