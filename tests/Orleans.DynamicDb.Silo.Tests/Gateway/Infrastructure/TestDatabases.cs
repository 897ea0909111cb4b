namespace Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

/// <summary>Fresh database names, unique in the test run (so tests sharing a silo or a server never meet).</summary>
internal static class TestDatabases
{
    private static int _counter;

    public static string New(string prefix = "db") => $"{prefix}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 20)];
}
