using System.Collections.Concurrent;
using Orleans.DynamicDb.Switching.Policies;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Policies;

/// <summary>
/// The pure edge of the policy logic: records the switches policies ask for (and counts them as the switch history) instead
/// of moving anything. <see cref="OnRequest"/> lets a test act as the switch side would.
/// </summary>
public sealed class RecordingSwitchRequester : ISwitchRequester, ISwitchHistory
{
    private readonly ConcurrentQueue<(PolicySwitch Request, bool RequireApproval, string Id, DateTimeOffset At)> _requests = new();

    public IReadOnlyList<(PolicySwitch Request, bool RequireApproval, string Id, DateTimeOffset At)> Requests => [.. _requests];

    /// <summary>Called for each request after it is recorded.</summary>
    public Func<PolicySwitch, Task>? OnRequest { get; set; }

    public async Task<string> RequestAsync(PolicySwitch request, bool requireApproval, CancellationToken cancellationToken)
    {
        var id = "sw-" + Guid.NewGuid().ToString("N")[..8];
        _requests.Enqueue((request, requireApproval, id, DateTimeOffset.UtcNow));
        if (OnRequest is { } on)
        {
            await on(request);
        }

        return id;
    }

    public Task<int> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(_requests.Count(r => r.At >= since));

    public Task<DateTimeOffset?> LastSwitchOfAsync(string app, string database, CancellationToken cancellationToken) =>
        Task.FromResult(_requests.Where(r => r.Request.App == app && r.Request.Database == database).Select(r => (DateTimeOffset?)r.At).LastOrDefault());
}
