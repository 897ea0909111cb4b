using System.Diagnostics;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Telemetry;

/// <summary>
/// The product's activity source (<see cref="SourceName"/>): one activity per statement call on a database grain
/// (<c>dyndb.grain.exec</c>, <c>.query</c>, <c>.query_page</c>, <c>.next_page</c>, <c>.transaction</c>) and one per
/// execution on its engine (<c>dyndb.engine.*</c>). Tags name the database (app and database only: never SQL text,
/// arguments or rows), the engine id and the outcome (<c>ok</c> or the error code).
/// </summary>
public static class DynamicDbActivities
{
    public const string SourceName = "Orleans.DynamicDb";

    /// <summary>Tag: the app that owns the database.</summary>
    public const string AppTag = "dyndb.app";

    /// <summary>Tag: the database's name within its app.</summary>
    public const string DatabaseTag = "dyndb.database";

    /// <summary>Tag: the engine id.</summary>
    public const string EngineTag = "dyndb.engine";

    /// <summary>Tag: <c>ok</c>, or the <see cref="DynamicDbException.ErrorCode"/> (or exception type) of a failure.</summary>
    public const string OutcomeTag = "dyndb.outcome";

    /// <summary>The source itself; a listener or OpenTelemetry's <c>AddSource(SourceName)</c> turns it on.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts <c>{prefix}.{operation}</c> for <paramref name="name"/>, or null when nobody listens.</summary>
    internal static Activity? Start(string prefix, string operation, DatabaseName name, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"{prefix}.{operation}", kind);
        activity?.SetTag(AppTag, name.App);
        activity?.SetTag(DatabaseTag, name.Database);
        return activity;
    }

    /// <summary>Runs <paramref name="call"/> inside <c>{prefix}.{operation}</c>, recording its outcome.</summary>
    /// <remarks><paramref name="engine"/> is read when the call ends, as the first call on a database creates it.</remarks>
    internal static Task<T> TraceAsync<T>(string prefix, string operation, DatabaseName name, Func<string?> engine, Func<Task<T>> call) =>
        Source.HasListeners() ? TracedAsync(prefix, operation, name, engine, call) : call();

    private static async Task<T> TracedAsync<T>(string prefix, string operation, DatabaseName name, Func<string?> engine, Func<Task<T>> call)
    {
        using var activity = Start(prefix, operation, name, prefix == EnginePrefix ? ActivityKind.Client : ActivityKind.Internal);
        try
        {
            var result = await call().ConfigureAwait(false);
            activity?.SetTag(EngineTag, engine());
            activity?.SetTag(OutcomeTag, "ok");
            return result;
        }
        catch (Exception e) when (activity is not null)
        {
            var outcome = e is DynamicDbException d ? d.ErrorCode : e.GetType().Name;
            activity.SetTag(EngineTag, engine());
            activity.SetTag(OutcomeTag, outcome);
            activity.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
    }

    /// <summary>The name prefix of grain call activities.</summary>
    internal const string GrainPrefix = "dyndb.grain";

    /// <summary>The name prefix of engine execution activities.</summary>
    internal const string EnginePrefix = "dyndb.engine";
}
