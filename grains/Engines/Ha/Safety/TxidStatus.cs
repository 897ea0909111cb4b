using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>
/// Asks the current primary, through an ordinary database connection, what became of an interrupted write's transaction:
/// <c>txid_status(txid)</c> 'committed' → <see cref="WriteOutcome.Committed"/>; 'aborted', or the error "transaction ID
/// ... is in the future" (the primary never saw the id, so nothing of it was replicated) → <see cref="WriteOutcome.NotCommitted"/>;
/// 'in progress' → asked again every 100 ms up to <see cref="FailoverOptions.OutcomeWait"/>; NULL (the id is too old to
/// tell) or anything else → <see cref="WriteOutcome.Unknown"/>. A failure to reach the primary is thrown as it is (the
/// caller may ask again later).
/// </summary>
/// <remarks>
/// Transaction ids are not unique across a promotion: an id the old primary assigned but whose records never reached the
/// standby is assigned again by the new primary to its own next transaction, and then <c>txid_status</c> answers for
/// that one. So ask before the new primary runs other writes, or rule such ids out first (see the
/// <c>firstTxidOfNewPrimary</c> guard of <see cref="FailoverRetry"/>).
/// </remarks>
public static class TxidStatus
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>The outcome of <paramref name="txid"/> on the primary behind <paramref name="primary"/>.</summary>
    public static async Task<WriteOutcome> AskAsync(
        IDatabaseConnection primary, long txid, FailoverOptions options, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetTimestamp();
        while (true)
        {
            string? status;
            try
            {
                var result = await primary.QueryAsync(new Statement("SELECT txid_status(?)::text", [txid]), cancellationToken).ConfigureAwait(false);
                status = result.Rows[0][0] as string;
            }
            catch (DynamicDbException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.InvalidParameterValue } p
                && p.MessageText.Contains("in the future", StringComparison.Ordinal))
            {
                return WriteOutcome.NotCommitted;
            }

            switch (status)
            {
                case "committed":
                    return WriteOutcome.Committed;
                case "aborted":
                    return WriteOutcome.NotCommitted;
                case "in progress" when time.GetElapsedTime(deadline) < options.OutcomeWait:
                    await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    return WriteOutcome.Unknown;
            }
        }
    }
}
