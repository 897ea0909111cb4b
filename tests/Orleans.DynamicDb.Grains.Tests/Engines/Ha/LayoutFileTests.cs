using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

[UnsupportedOSPlatform("windows")]
public sealed class LayoutFileTests
{
    private static GroupLayout Layout(PendingOperation? pending = null) => new()
    {
        Name = "g",
        Epoch = 3,
        Primary = "m1",
        Members = [new("m0", 30001, MemberRole.Fenced), new("m1", 30002, MemberRole.Primary), new("m2", 30003, MemberRole.Standby)],
        Pending = pending,
    };

    [Fact]
    public void A_written_layout_reads_back_the_same_and_leaves_no_temporary_file()
    {
        using var directory = new TempDirectory();
        var pending = new PendingOperation(PendingOperation.Promote, "m1", 3, DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture), "promote m1");

        LayoutFile.Write(directory.Path, Layout(pending));
        var read = LayoutFile.Read(directory.Path)!;

        Assert.Equal((3L, "m1", pending), (read.Epoch, read.Primary, read.Pending));
        Assert.Equal(Layout().Members, read.Members);
        Assert.Equal([LayoutFile.FileName], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
        Assert.Contains("\"role\": \"fenced\"", File.ReadAllText(Path.Combine(directory.Path, LayoutFile.FileName)));
    }

    [Fact]
    public void No_file_means_no_layout_and_a_damaged_file_is_named_in_the_error()
    {
        using var directory = new TempDirectory();
        Assert.Null(LayoutFile.Read(directory.Path));

        File.WriteAllText(Path.Combine(directory.Path, LayoutFile.FileName), "{ not json");
        var error = Assert.Throws<DynamicDbException>(() => LayoutFile.Read(directory.Path));

        Assert.Equal(ErrorCodes.EngineStartFailed, error.ErrorCode);
        Assert.Contains(Path.Combine(directory.Path, LayoutFile.FileName), error.Message);
    }

    [Fact]
    public void The_primary_waits_for_any_one_of_every_other_member()
    {
        Assert.Equal("ANY 1 (m0, m2)", Layout().SynchronousStandbyNames());
        Assert.Equal("", (Layout() with { Members = [new("m1", 30002, MemberRole.Primary)] }).SynchronousStandbyNames());
    }
}
