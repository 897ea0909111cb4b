using System.Collections.Concurrent;

namespace Orleans.DynamicDb.TestInfrastructure;

/// <summary>
/// Lets test grains report what happened and wait for the test: named gates (a grain awaits, the test opens)
/// and named event logs. Names are unique per test, so tests never see each other's events.
/// </summary>
public static class Probe
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Logs = new();

    public static string NewName(string prefix = "p") => $"{prefix}-{Guid.NewGuid():N}";

    public static Task Gate(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static void Open(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public static void Log(string name, string entry) => Logs.GetOrAdd(name, _ => new ConcurrentQueue<string>()).Enqueue(entry);

    public static IReadOnlyList<string> Entries(string name) => Logs.TryGetValue(name, out var log) ? [.. log] : [];

    public static int Count(string name, string entry) => Entries(name).Count(e => e == entry);
}
