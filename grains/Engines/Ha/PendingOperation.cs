namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// An operation recorded in the layout before it acts and cleared when it is done, so a crash in the middle leaves a
/// line saying what was under way (a start resumes a pending promotion; the rest are redone idempotently).
/// </summary>
/// <param name="Kind">"create", "promote", "rebuild", "add" or "remove".</param>
/// <param name="Member">The member acted on (the promotion target, the member rebuilt, or the first primary).</param>
/// <param name="Epoch">The epoch the group will have once the operation is done.</param>
/// <param name="Started">When it began.</param>
/// <param name="Description">A sentence for an operator.</param>
internal sealed record PendingOperation(string Kind, string Member, long Epoch, DateTimeOffset Started, string Description)
{
    public const string Create = "create";
    public const string Promote = "promote";
    public const string Rebuild = "rebuild";
    public const string Add = "add";
    public const string Remove = "remove";
}
