using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Hosting;

public sealed class DynamicDbOptionsValidatorTests
{
    private readonly DynamicDbOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid_once_the_data_directory_is_resolved()
    {
        var options = new DynamicDbOptions();

        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ReadinessTimeout);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data"), new SiloDataPaths(options.DataDirectory).DataDirectory);
    }

    [Fact]
    public void A_missing_data_directory_is_created_with_its_silo_folder()
    {
        using var temp = new TempDirectory();
        var directory = temp.Combine("new", "data");

        var result = _validator.Validate(null, new DynamicDbOptions { DataDirectory = directory });

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.True(Directory.Exists(Path.Combine(directory, "silo")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(directory, "silo")));
    }

    [Fact]
    public void A_data_directory_that_is_a_file_fails_with_the_setting_and_the_path()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("file");
        File.WriteAllText(file, "x");

        var result = _validator.Validate(null, new DynamicDbOptions { DataDirectory = file });

        Assert.True(result.Failed);
        Assert.StartsWith($"DynamicDb:DataDirectory '{file}' is a file, not a directory", Assert.Single(result.Failures!));
    }

    [Fact]
    public void A_data_directory_that_cannot_be_created_fails_with_the_setting_and_the_path()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("file");
        File.WriteAllText(file, "x");
        var underFile = Path.Combine(file, "data");

        var result = _validator.Validate(null, new DynamicDbOptions { DataDirectory = underFile });

        Assert.True(result.Failed);
        Assert.StartsWith($"DynamicDb:DataDirectory '{underFile}' cannot be created", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_data_directory_fails_with_the_setting(string value)
    {
        var result = _validator.Validate(null, new DynamicDbOptions { DataDirectory = value });

        Assert.StartsWith("DynamicDb:DataDirectory is empty", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_readiness_timeout_that_is_not_positive_fails_with_the_setting_and_the_value(int seconds)
    {
        using var temp = new TempDirectory();
        var timeout = TimeSpan.FromSeconds(seconds);

        var result = _validator.Validate(null, new DynamicDbOptions { DataDirectory = temp.Path, ReadinessTimeout = timeout });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("DynamicDb:ReadinessTimeout must be a positive time span", failure);
        Assert.EndsWith($"it is {timeout}.", failure);
    }
}
