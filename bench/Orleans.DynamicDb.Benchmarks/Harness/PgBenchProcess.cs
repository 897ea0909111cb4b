using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Runs the real <c>pgbench</c> (PostgreSQL 15's, from the server's bin folder) against a <see cref="PgBenchTarget"/>
/// and answers its whole output and exit code: a failed run is a result too (its errors say why), never an exception.
/// </summary>
internal static class PgBenchProcess
{
    /// <summary>Runs pgbench with <paramref name="arguments"/> (connection options are added); <paramref name="environment"/> adds variables (e.g. PGOPTIONS).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(PgBenchTarget target, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Path.Combine(HaSiloProcess.BinDirectory(), "pgbench"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-h", "127.0.0.1", "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.User, .. arguments, target.Database])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("PGPASSWORD");
        if (target.Password is not null)
        {
            info.Environment["PGPASSWORD"] = target.Password;
        }

        // No TLS on any target: skip the SSLRequest round trip, and give the server a name to show.
        info.Environment["PGSSLMODE"] = "disable";
        info.Environment["PGAPPNAME"] = "dyndb-bench";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start pgbench.");
        var output = new StringBuilder();
        var lockObject = new Lock();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append($"pgbench: error: did not finish within {timeout.TotalSeconds:F0} s (killed)");
            return (-1, Text());
        }

        // The asynchronous readers may still hold the last lines: WaitForExit() without a timeout waits for them.
        process.WaitForExit();
        return (process.ExitCode, Text());

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (lockObject)
                {
                    output.AppendLine(line);
                }
            }
        }

        string Text()
        {
            lock (lockObject)
            {
                return output.ToString();
            }
        }
    }
}
