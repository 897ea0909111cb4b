using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>The requests a connection has sent and not yet seen answered, by message id.</summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<long, PendingRequest> _requests = new();

    public int Count => _requests.Count;

    public void Add(PendingRequest request) => _requests[request.MessageId] = request;

    public bool TryRemove(long messageId, [MaybeNullWhen(false)] out PendingRequest request) => _requests.TryRemove(messageId, out request);

    /// <summary>Fails every pending request, each with its own exception.</summary>
    public void FailAll(Func<PendingRequest, Exception> error)
    {
        foreach (var messageId in _requests.Keys)
        {
            if (_requests.TryRemove(messageId, out var request))
            {
                request.TrySetException(error(request));
            }
        }
    }

    /// <summary>Fails the requests whose deadline is at or before <paramref name="now"/>.</summary>
    public void FailExpired(long now, Func<PendingRequest, Exception> error)
    {
        foreach (var (messageId, request) in _requests)
        {
            if (request.Deadline <= now && _requests.TryRemove(messageId, out var expired))
            {
                expired.TrySetException(error(expired));
            }
        }
    }
}
