using System.Diagnostics;
using System.Reflection;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Packaging;

public sealed class ToolPackageTests
{
    [Fact]
    public async Task The_tool_packs_installs_from_a_local_folder_and_prints_its_version()
    {
        using var temp = new TempDirectory();
        var feed = Directory.CreateDirectory(temp.Combine("feed")).FullName;
        var tools = temp.Combine("tools");
        var config = temp.Combine("nuget.config");

        // Offline: the only package source is the local folder the tool was packed into.
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        var project = Path.Combine(RepositoryPaths.Root, "cli", "Orleans.DynamicDb.Cli.csproj");
        await RunAsync("dotnet", ["pack", project, "--no-build", "-c", RepositoryPaths.Configuration, "-o", feed, "-nologo"], temp.Path);
        Assert.Single(Directory.GetFiles(feed, "Orleans.DynamicDb.Cli.*.nupkg"));

        await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", feed, "Orleans.DynamicDb.Cli"], temp.Path);
        var dyndb = Path.Combine(tools, OperatingSystem.IsWindows() ? "dyndb.exe" : "dyndb");
        Assert.True(File.Exists(dyndb), $"The tool path has no '{Path.GetFileName(dyndb)}' command.");

        var (exitCode, output) = await RunAsync(dyndb, ["--version"], temp.Path, check: false);
        Assert.Equal(0, exitCode);
        var expected = typeof(DyndbApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, output.Trim());
    }

    [Fact]
    public async Task The_install_script_installs_the_tool_and_replaces_it_when_run_again()
    {
        using var temp = new TempDirectory();
        var tools = temp.Combine("tools");
        var script = Path.Combine(RepositoryPaths.Root, "cli", "install.sh");
        var environment = new Dictionary<string, string> { ["DYNDB_TOOL_PATH"] = tools, ["DYNDB_CONFIGURATION"] = RepositoryPaths.Configuration };

        var (_, first) = await RunAsync("bash", [script], temp.Path, environment: environment);
        var (_, second) = await RunAsync("bash", [script], temp.Path, environment: environment);
        var (exitCode, version) = await RunAsync(Path.Combine(tools, "dyndb"), ["--version"], temp.Path, check: false);

        Assert.Contains("was successfully installed", first);
        Assert.Contains("Replacing the installed dyndb", second);
        Assert.Contains("was successfully installed", second);
        Assert.Equal(0, exitCode);
        Assert.StartsWith(typeof(DyndbApp).Assembly.GetName().Version!.ToString(3), version.Trim());
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string file, string[] arguments, string workingDirectory, bool check = true, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The installed tool finds the runtime through DOTNET_ROOT when dotnet is not in a default place.
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is null && Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } host)
        {
            info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(host)!;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{output}");
        }

        return (process.ExitCode, check ? output : await stdout);
    }
}
