using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Ui;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Ui;

/// <summary>The dashboard's server-side sessions: random ids, an absolute lifetime, a bound on their number.</summary>
public sealed class UiSessionStoreTests
{
    private readonly ManualTimeProvider _time = new();

    private UiSessionStore Store(int maxSessions = 1000) =>
        new(Options.Create(new UiOptions { SessionLifetime = TimeSpan.FromHours(1), MaxSessions = maxSessions }), _time);

    [Fact]
    public void A_session_is_found_until_its_lifetime_ends_and_then_never_again()
    {
        var store = Store();
        var session = store.Create("admin:ops");

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("admin:ops", store.Find(session.Id)?.CredentialId);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(store.Find(session.Id));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Ids_and_csrf_tokens_are_random_and_distinct()
    {
        var store = Store();

        var sessions = Enumerable.Range(0, 100).Select(_ => store.Create("admin:ops")).ToList();

        var tokens = sessions.SelectMany(s => new[] { s.Id, s.CsrfToken }).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t => Assert.Equal(43, t.Length));
    }

    [Fact]
    public void One_login_past_the_bound_ends_the_oldest_session()
    {
        var store = Store(maxSessions: 2);
        var first = store.Create("admin:a");
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = store.Create("admin:b");
        _time.Advance(TimeSpan.FromSeconds(1));

        var third = store.Create("admin:c");

        Assert.Null(store.Find(first.Id));
        Assert.NotNull(store.Find(second.Id));
        Assert.NotNull(store.Find(third.Id));
    }

    [Fact]
    public void Logout_removes_the_session()
    {
        var store = Store();
        var session = store.Create("admin:ops");

        store.Remove(session.Id);

        Assert.Null(store.Find(session.Id));
    }
}
