using System.Diagnostics;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>
/// Runs a command to completion, optionally as another user through <c>runuser -u {user} --</c> (which keeps the
/// environment), optionally with extra environment variables (a password for libpq: <c>PGPASSWORD</c>, never a file).
/// </summary>
internal static class CommandRunner
{
    /// <summary>True when this process runs as root (PostgreSQL refuses root, so its tools then run as 'postgres').</summary>
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    public static async Task<CommandResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string? asUser, TimeSpan timeout, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(asUser is null ? fileName : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The tools may run as another user who cannot enter our current directory.
            WorkingDirectory = "/",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        if (asUser is not null)
        {
            foreach (var argument in (string[])["-u", asUser, "--", fileName])
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{info.FileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(-1, $"'{Describe(info)}' did not finish within {timeout.TotalSeconds} s and was killed.");
        }

        var output = (await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false)).Trim();
        return new CommandResult(process.ExitCode, output);
    }

    public static string Describe(ProcessStartInfo info) => $"{info.FileName} {string.Join(' ', info.ArgumentList)}";
}
