using Orleans.Concurrency;

namespace Orleans.DynamicDb.Sessions;

/// <summary>One shard of the registry of live sessions: summaries in memory, kept sorted by id for paging.</summary>
[Reentrant]
internal sealed class SessionRegistryGrain : Grain, ISessionRegistryGrain
{
    private readonly SortedDictionary<string, SessionSummary> _sessions = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A shard keeps what is live: it must outlive idle collection, or idle sessions would vanish from listings.
        DelayDeactivation(TimeSpan.FromDays(3650));
        return Task.CompletedTask;
    }

    public Task UpsertAsync(SessionSummary summary)
    {
        _sessions[summary.Id] = summary;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string id)
    {
        _sessions.Remove(id);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SessionSummary>> ListAsync(SessionFilter filter, string? after, int limit)
    {
        IEnumerable<SessionSummary> rows = _sessions.Values;
        if (after is not null)
        {
            rows = rows.Where(s => string.CompareOrdinal(s.Id, after) > 0);
        }

        return Task.FromResult<IReadOnlyList<SessionSummary>>([.. rows.Where(filter.Matches).Take(limit)]);
    }
}
