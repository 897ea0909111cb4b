using Orleans.DynamicDb.Benchmarks.Harness;

namespace Orleans.DynamicDb.Benchmarks.Tests.Harness;

public sealed class ScramClientTests
{
    // RFC 7677 section 3: the SCRAM-SHA-256 example exchange for user "user", password "pencil".
    private const string Nonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    [Fact]
    public void The_exchange_matches_the_example_of_RFC_7677()
    {
        var exchange = new ScramClient("pencil", "user").Start(Nonce);

        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", exchange.ClientFirst);
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", exchange.ClientFinal(ServerFirst));
        exchange.VerifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    [Fact]
    public void A_server_signature_made_without_the_key_is_refused()
    {
        var exchange = new ScramClient("pencil", "user").Start(Nonce);
        exchange.ClientFinal(ServerFirst);

        var e = Assert.Throws<InvalidOperationException>(() => exchange.VerifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
        Assert.Contains("signature", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_nonce_that_does_not_extend_the_clients_is_refused()
    {
        var exchange = new ScramClient("pencil", "user").Start(Nonce);

        var e = Assert.Throws<InvalidOperationException>(() => exchange.ClientFinal("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        Assert.Contains("nonce", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_salted_password_of_one_salt_serves_every_later_exchange()
    {
        var client = new ScramClient("pencil", "user");
        client.Start(Nonce).ClientFinal(ServerFirst);

        // The same proof again, from the cached salted password.
        Assert.EndsWith("p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", client.Start(Nonce).ClientFinal(ServerFirst), StringComparison.Ordinal);
    }
}
