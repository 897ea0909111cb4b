namespace Orleans.DynamicDb.Cli.Tests.Infrastructure;

/// <summary>Fresh database names, so tests sharing one silo never meet.</summary>
public static class Names
{
    public static string Database(string prefix = "db") => $"{prefix}_{Guid.NewGuid():N}"[..20];
}
