using Npgsql;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>TLS on the wire: SSLRequest answered 'S', psql and Npgsql over TLS, cleartext passwords only over TLS, TLS required.</summary>
public sealed class PgWireTlsTests(PgWireTlsSiloFixture fixture) : IClassFixture<PgWireTlsSiloFixture>
{
    [Fact]
    public async Task Psql_with_sslmode_require_runs_statements_over_tls()
    {
        var silo = await fixture.GetAsync();

        var (code, output, error) = await Psql.RunAsync(Tls(silo.Libpq("alpha", "tls")), GatewaySilo.AlphaKey, null,
            "-A", "-t", "-c", "CREATE TABLE t (n INTEGER)", "-c", "INSERT INTO t VALUES (42)", "-c", "SELECT n FROM t");

        Assert.True(code == 0, $"psql failed: {error}");
        Assert.EndsWith("42", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Npgsql_with_ssl_mode_require_sees_the_silos_certificate()
    {
        var silo = await fixture.GetAsync();
        string? seen = null;
        var builder = new NpgsqlDataSourceBuilder(silo.ConnectionString("alpha", GatewaySilo.AlphaKey, "tls") + ";SSL Mode=Require");
        builder.UseSslClientAuthenticationOptionsCallback(o => o.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            // Pinned: the only certificate accepted is the one the test made for the silo.
            seen = certificate is null ? null : new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate).Thumbprint;
            return seen == fixture.Certificate.Thumbprint;
        });
        await using var source = builder.Build();
        await using var connection = await source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT $1 * 2", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 21 });

        Assert.Equal(42L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(fixture.Certificate.Thumbprint, seen);
    }

    [Fact]
    public async Task An_app_with_keys_configured_only_by_hash_logs_in_with_a_cleartext_password_over_tls()
    {
        var silo = await fixture.GetAsync();

        var (code, output, error) = await Psql.RunAsync(Tls(silo.Libpq("gamma", "tls")), GatewaySilo.GammaKey, null, "-A", "-t", "-c", "SELECT 6 * 7");

        Assert.True(code == 0, $"psql failed: {error}");
        Assert.Equal("42", output.Trim());
    }

    [Fact]
    public async Task A_wrong_cleartext_password_is_refused_with_28P01()
    {
        var silo = await fixture.GetAsync();

        var (code, _, error) = await Psql.RunAsync(Tls(silo.Libpq("gamma", "tls")), GatewaySilo.AlphaKey, null, "-c", "SELECT 1");

        Assert.NotEqual(0, code);
        Assert.Contains("password authentication failed for user \"gamma\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_tls_is_refused_when_tls_is_required()
    {
        var silo = await fixture.GetAsync();

        var (code, _, error) = await Psql.RunAsync(silo.Libpq("alpha", "tls"), GatewaySilo.AlphaKey, null, "-c", "SELECT 1");

        Assert.NotEqual(0, code);
        Assert.Contains("only over TLS (DynamicDb:PgWire:RequireTls=true)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_sent_after_the_ssl_request_before_the_answer_close_the_connection()
    {
        var silo = await fixture.GetAsync();
        await using var client = await RawPgClient.ConnectAsync(silo.Port);

        // SSLRequest and, in the same write, the start of a plain startup packet: a man in the middle's trick.
        await client.SendRawAsync([.. RawPgClient.BigEndian(8), .. RawPgClient.BigEndian(80877103), .. RawPgClient.BigEndian(9), 0, 3, 0, 0, 0]);

        var (type, payload) = await client.ReadAsync();
        Assert.Equal('E', type);
        var error = RawPgClient.Error(payload);
        Assert.Equal(("08P01", "FATAL"), (error.Code, error.Severity));
        Assert.Contains("unencrypted data after SSL request", error.Message, StringComparison.Ordinal);
        var (code, _, psqlError) = await Psql.RunAsync(Tls(silo.Libpq("alpha", "tls")), GatewaySilo.AlphaKey, null, "-c", "SELECT 1");
        Assert.True(code == 0, $"the silo serves others: {psqlError}");
    }

    private static string Tls(string libpq) => libpq.Replace("sslmode=disable", "sslmode=require", StringComparison.Ordinal);
}
