using Orleans.DynamicDb.Engines.Ha.Registered;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Registered;

/// <summary>Repointing a standby's <c>primary_conninfo</c>: only host and port change, quoting survives.</summary>
public sealed class ConninfoTests
{
    [Fact]
    public void Host_and_port_are_replaced_and_every_other_setting_kept_with_its_quoting()
    {
        const string Original = "user=replicator passfile='/var/lib/my folder/.pgpass' host=10.0.0.5 hostaddr=10.0.0.5 port=5432 application_name=m1 sslmode=prefer";

        var repointed = Conninfo.WithServer(Original, "127.0.0.1", 15433);

        Assert.Equal("host=127.0.0.1 port=15433 user=replicator passfile='/var/lib/my folder/.pgpass' application_name=m1 sslmode=prefer", repointed);
        Assert.Equal("/var/lib/my folder/.pgpass", Conninfo.Get(repointed, "passfile"));
    }

    [Fact]
    public void Quoted_values_with_escaped_quotes_and_backslashes_survive_a_round_trip()
    {
        var pairs = Conninfo.Parse(@"password='it\'s \\ secret' host = db1 port= 5433");

        Assert.Equal(@"it's \ secret", pairs[0].Value);
        Assert.Equal("db1", pairs[1].Value);
        Assert.Equal("5433", pairs[2].Value);
        Assert.Equal(pairs, Conninfo.Parse(Conninfo.Format(pairs)));
    }

    [Fact]
    public void A_URI_or_a_broken_conninfo_is_refused_with_a_clear_error()
    {
        var uri = Assert.Throws<DynamicDbException>(() => Conninfo.WithServer("postgresql://replicator@10.0.0.5:5432/postgres", "127.0.0.1", 1));
        var unclosed = Assert.Throws<DynamicDbException>(() => Conninfo.Parse("host='db1 port=5432"));

        Assert.Contains("it is a URI", uri.Message, StringComparison.Ordinal);
        Assert.Contains("a quoted value is not closed", unclosed.Message, StringComparison.Ordinal);
    }
}
