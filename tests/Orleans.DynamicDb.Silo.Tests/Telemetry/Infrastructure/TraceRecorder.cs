using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.DynamicDb.Telemetry;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

/// <summary>
/// Records the stopped activities of one trace (ASP.NET Core's, Orleans' and <see cref="DynamicDbActivities.SourceName"/>'s), so
/// tests running at the same time in this process, with traces of their own, do not mix in.
/// </summary>
internal sealed class TraceRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TraceRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DynamicDbActivities.SourceName or "Microsoft.AspNetCore" or "Microsoft.Orleans.Application" or "Microsoft.Orleans.Runtime",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == TraceId)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The trace the recorded activities belong to.</summary>
    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    /// <summary>A W3C <c>traceparent</c> header that makes the silo's request part of <see cref="TraceId"/>.</summary>
    public string TraceParent => $"00-{TraceId}-{ActivitySpanId.CreateRandom()}-01";

    /// <summary>Waits (up to 20 seconds) until an activity named <paramref name="name"/> has stopped, then returns all recorded so far.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!_stopped.Any(a => a.OperationName == name) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50); // polling interval of a condition with a deadline
        }

        return [.. _stopped];
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="activity"/>'s parent, or its parent's, and so on.</summary>
    public static bool Descends(Activity activity, Activity ancestor, IReadOnlyList<Activity> recorded)
    {
        var parent = activity.ParentSpanId;
        for (var depth = 0; depth < 16; depth++)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            var next = recorded.FirstOrDefault(a => a.SpanId == parent);
            if (next is null)
            {
                return false;
            }

            parent = next.ParentSpanId;
        }

        return false;
    }

    public void Dispose() => _listener.Dispose();
}
