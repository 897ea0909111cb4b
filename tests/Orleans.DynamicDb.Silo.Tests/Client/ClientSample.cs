using System.Diagnostics;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>
/// The client sample (samples/Orleans.DynamicDb.Samples.Client), built with the tests (the test project references it
/// without using its assembly), run as its own process.
/// </summary>
internal static class ClientSample
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The sample's build output folder, in the tests' configuration.</summary>
    public static string OutputDirectory
    {
        get
        {
            // AppContext.BaseDirectory is tests/Orleans.DynamicDb.Silo.Tests/bin/{Configuration}/{TargetFramework}/.
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            return Path.Combine(RepositoryRoot, "samples", "Orleans.DynamicDb.Samples.Client", "bin", configuration, framework.Name);
        }
    }

    public static string Dll => Path.Combine(OutputDirectory, "Orleans.DynamicDb.Samples.Client.dll");

    private static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Orleans.DynamicDb.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException($"Orleans.DynamicDb.sln was not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Runs the sample to its end with these arguments; fails when it runs longer than <see cref="RunTimeout"/>.</summary>
    public static async Task<SampleRun> RunAsync(params string[] arguments)
    {
        if (!File.Exists(Dll))
        {
            throw new FileNotFoundException($"The client sample's build output is missing: {Dll}. Build the tests (they reference the sample).", Dll);
        }

        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = OutputDirectory,
        };
        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var output = new ProcessOutput();
        using var process = new Process { StartInfo = info };
        output.Attach(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.Within(process.WaitForExitAsync(), "The client sample's exit", RunTimeout);
        }
        catch (TimeoutException e)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{e.Message} Output:\n{output.All}", e);
        }

        return new SampleRun(process.ExitCode, output.OutputLines, output.Error, output.All);
    }
}

/// <summary>How a run of the client sample ended.</summary>
internal sealed record SampleRun(int ExitCode, IReadOnlyList<string> OutputLines, string Error, string All);
