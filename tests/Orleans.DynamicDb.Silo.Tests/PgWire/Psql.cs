using System.Diagnostics;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>Runs the real <c>psql</c> (PostgreSQL 15's, else the one on PATH) with a password in PGPASSWORD.</summary>
internal static class Psql
{
    private static readonly string Path = File.Exists("/usr/lib/postgresql/15/bin/psql") ? "/usr/lib/postgresql/15/bin/psql" : "psql";

    /// <summary>The exit code, standard output and standard error of <c>psql</c> with <paramref name="arguments"/>, feeding <paramref name="input"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string connection, string password, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add(connection);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = password;
        start.Environment["PGCONNECT_TIMEOUT"] = "20";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"psql ({Path}) did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"psql did not finish within 2 minutes; output so far: {await output} {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
