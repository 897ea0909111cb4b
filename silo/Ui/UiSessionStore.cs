using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>
/// The dashboard's sessions in this silo's memory: a session id is 32 random bytes, looked up here, so the cookie holds
/// nothing to decrypt or forge and a restart logs everyone out. Sessions end at <see cref="UiOptions.SessionLifetime"/>
/// or on logout; past <see cref="UiOptions.MaxSessions"/> the oldest ends.
/// </summary>
internal sealed class UiSessionStore(IOptions<UiOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, UiSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session for the admin credential <paramref name="credentialId"/>.</summary>
    public UiSession Create(string credentialId)
    {
        var now = time.GetUtcNow();
        var session = new UiSession(NewToken(), credentialId, NewToken(), now, now + options.Value.SessionLifetime);
        _sessions[session.Id] = session;
        Trim(now);
        return session;
    }

    /// <summary>The live session with <paramref name="id"/>, or null (unknown, ended or expired).</summary>
    public UiSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        if (session.ExpiresAt > time.GetUtcNow())
        {
            return session;
        }

        _sessions.TryRemove(id, out _);
        return null;
    }

    /// <summary>Ends the session <paramref name="id"/>.</summary>
    public void Remove(string id) => _sessions.TryRemove(id, out _);

    /// <summary>The number of sessions kept (expired ones included until they are looked up or trimmed).</summary>
    public int Count => _sessions.Count;

    private void Trim(DateTimeOffset now)
    {
        if (_sessions.Count <= options.Value.MaxSessions)
        {
            return;
        }

        foreach (var expired in _sessions.Values.Where(s => s.ExpiresAt <= now))
        {
            _sessions.TryRemove(expired.Id, out _);
        }

        foreach (var oldest in _sessions.Values.OrderBy(s => s.CreatedAt).Take(Math.Max(0, _sessions.Count - options.Value.MaxSessions)))
        {
            _sessions.TryRemove(oldest.Id, out _);
        }
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
