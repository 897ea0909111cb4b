using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Hosting;

/// <summary>How the silo application is built from its arguments, in the test process.</summary>
public sealed class SiloHostTests
{
    [Fact]
    public async Task Without_an_address_the_silo_listens_on_loopback_port_8080()
    {
        using var data = new TempDirectory();
        await using var app = SiloHost.Build(["--DynamicDb:DataDirectory", data.Path]);

        Assert.Equal("http://127.0.0.1:8080", app.Configuration["urls"]);
    }

    [Fact]
    public async Task An_address_given_with_urls_is_kept()
    {
        using var data = new TempDirectory();
        await using var app = SiloHost.Build(["--urls", "http://127.0.0.1:5123", "--DynamicDb:DataDirectory", data.Path]);

        Assert.Equal("http://127.0.0.1:5123", app.Configuration["urls"]);
    }

    [Fact]
    public async Task A_relative_data_directory_is_resolved_against_the_working_directory()
    {
        await using var app = SiloHost.Build(["--DynamicDb:DataDirectory", "relative/data"]);

        var paths = app.Services.GetRequiredService<SiloDataPaths>();
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "relative", "data"), paths.DataDirectory);
        Assert.Equal(Path.Combine(paths.DataDirectory, "silo", "orleans.db"), paths.OrleansStorageFile);
    }

    [Fact]
    public async Task The_options_carry_the_full_path_of_the_data_directory()
    {
        using var data = new TempDirectory();
        await using var app = InProcessSilo.Build(data.Combine("sub", "..", "data"));

        var options = app.Services.GetRequiredService<IOptions<DynamicDbOptions>>().Value;

        Assert.Equal(data.Combine("data"), options.DataDirectory);
    }

    [Fact]
    public async Task An_invalid_setting_ends_the_run_with_the_configuration_exit_code_and_a_message_naming_it()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("file");
        await File.WriteAllTextAsync(file, "x");
        using var error = new StringWriter();

        var exitCode = await SiloHost.RunAsync(
            ["--urls", "http://127.0.0.1:0", "--DynamicDb:DataDirectory", file, "--DynamicDb:ReadinessTimeout", "-00:00:01", "--Logging:LogLevel:Default", "None"],
            error);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains($"DynamicDb:DataDirectory '{file}' is a file", error.ToString());
        Assert.Contains("DynamicDb:ReadinessTimeout must be a positive time span", error.ToString());
    }
}
