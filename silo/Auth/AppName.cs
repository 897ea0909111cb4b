using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>Checks an application name with the rules of <see cref="DatabaseName"/> (1–63 characters from a–z and 0–9).</summary>
internal static class AppName
{
    /// <summary>Why <paramref name="app"/> is not a valid application name, or null when it is.</summary>
    public static string? Problem(string? app)
    {
        try
        {
            DatabaseName.Create(app ?? "", "x");
            return null;
        }
        catch (DynamicDbException e)
        {
            return e.Message;
        }
    }
}
