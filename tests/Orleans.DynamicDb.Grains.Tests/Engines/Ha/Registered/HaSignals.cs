using System.Globalization;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Registered;

/// <summary>Signals to a server's postmaster.</summary>
internal static class HaSignals
{
    /// <summary>SIGKILL, then waits until the process is gone (or a zombie its parent has not collected yet).</summary>
    public static async Task KillAsync(int pid)
    {
        await ProcessRunner.RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        await Eventually.True(() => !Alive(pid), $"pid {pid} ended", TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends <paramref name="signal"/> (STOP, CONT, KILL) to <paramref name="pid"/>; a process already gone is ignored.</summary>
    public static async Task SendAsync(int pid, string signal)
    {
        try
        {
            await ProcessRunner.RunAsync("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // gone already
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
