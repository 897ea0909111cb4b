using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Engines.Secrets;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// The libpq password file (<c>pgpass</c>) earlier versions wrote next to a group's members: the password is now given to
/// the tools and postmasters in their environment (<see cref="HaTools.Password"/>), so the file is removed on start. It is
/// kept only while a member's postmaster an earlier version started (without <c>PGPASSWORD</c> in its environment, as
/// <c>/proc/{pid}/environ</c> shows) still runs: its WAL receiver may still read it; the next start removes it.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class LegacyPassFile
{
    /// <summary>Removes <paramref name="path"/> unless a postmaster of <paramref name="memberFolders"/> still needs it; logs the removal.</summary>
    public static void Remove(string path, IEnumerable<string> memberFolders, ILogger logger)
    {
        if (!File.Exists(path) || memberFolders.Any(folder => MemberProcesses.Postmaster(folder) is { } pid && !HasPassword(pid)))
        {
            return;
        }

        File.Delete(path);
        SecretLog.PassFileRemoved(logger, path);
    }

    /// <summary>Whether the process has <c>PGPASSWORD</c> in its environment (unreadable: assumed not).</summary>
    internal static bool HasPassword(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ")).Split('\0').Any(v => v.StartsWith("PGPASSWORD=", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
