using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines;

/// <summary>
/// The short name of the construct an engine refused (<c>attach</c>, <c>pragma</c>, <c>transaction_control</c>, ...), carried
/// on the <c>sql.not_allowed</c> exception from where the refusal is decided to where it is counted
/// (<see cref="EngineMetrics.Refused"/>). Never SQL text or tenant data: a fixed word chosen by the engine.
/// </summary>
internal static class StatementRefusal
{
    public const string Attach = "attach";
    public const string Detach = "detach";
    public const string Pragma = "pragma";
    public const string TransactionControl = "transaction_control";
    public const string Function = "function";
    public const string Permission = "permission";
    public const string Policy = "policy";

    private const string Key = "dyndb.refused";

    /// <summary>Marks <paramref name="exception"/> as a refusal of <paramref name="construct"/>; returns it.</summary>
    public static DynamicDbException Mark(DynamicDbException exception, string construct)
    {
        exception.Data[Key] = construct;
        return exception;
    }

    /// <summary>The construct <paramref name="exception"/> refused, or null when it is no marked refusal.</summary>
    public static string? ConstructOf(Exception exception) =>
        exception is DynamicDbException { ErrorCode: ErrorCodes.SqlNotAllowed } && exception.Data[Key] is string construct ? construct : null;

    /// <summary>Carries the mark of <paramref name="from"/> over to <paramref name="to"/> (a failure re-worded); returns <paramref name="to"/>.</summary>
    public static DynamicDbException Keep(DynamicDbException from, DynamicDbException to) =>
        ConstructOf(from) is { } construct ? Mark(to, construct) : to;
}
