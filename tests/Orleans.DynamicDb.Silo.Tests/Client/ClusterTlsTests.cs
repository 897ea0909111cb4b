using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Cluster;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>
/// TLS between silos: two cluster-mode silo processes (real Redis and PostgreSQL) sharing one certificate form a cluster
/// and call each other's grains; a TLS client reaches both.
/// </summary>
public sealed class ClusterTlsTests(ClusterServersFixture servers) : IClassFixture<ClusterServersFixture>
{
    [Fact]
    public async Task Two_TLS_silos_form_a_cluster_and_serve_each_others_databases()
    {
        using var data = new TempDirectory();
        var certificate = TestCertificates.WritePfx(data.Path, "cluster");
        var clusterId = $"c{Guid.NewGuid():N}"[..16];
        var state = await servers.Postgres.CreateDatabaseAsync("clustertls");
        var siloPorts = new[] { FreePort.Next(), FreePort.Next() };
        var gatewayPorts = new[] { FreePort.Next(), FreePort.Next() };
        await using var first = Start(0);
        await first.WaitUntilReadyAsync();
        await using var second = Start(1);
        await second.WaitUntilReadyAsync();
        SiloProcess[] silos = [first, second];

        // A database created through the first silo lives on one of them; reading it through the other one is a
        // silo-to-silo call, which only works when both ends speak TLS with a certificate the other trusts.
        var written = await ClientSample.RunAsync(ClientSampleTests.SampleArguments(
            gatewayPorts[0], "across silos", "--DynamicDb:Client:ClusterId", clusterId, "--DynamicDb:Client:Tls:CertificatePath", certificate, "--DynamicDb:Client:Tls:CertificatePassword", TestCertificates.Password));
        Assert.True(written.ExitCode == 0, $"The TLS client failed:\n{written.All}\nSilo:\n{first.Output}");
        var host = await HostOfAsync(clusterId, siloPorts);
        var other = silos[1 - host];

        Assert.Equal(["{\"text\":\"across silos\"}"], await ClientSampleTests.StoredNotesAsync(other));

        SiloProcess Start(int index) => SiloProcess.Start(
            data.Combine($"silo-{index}"),
            ClientSampleTests.SiloArguments(
                gatewayPorts[index],
                "--Orleans:Endpoints:SiloPort", siloPorts[index].ToString(CultureInfo.InvariantCulture),
                "--Orleans:Endpoints:AdvertisedIPAddress", "127.0.0.1",
                "--Orleans:ClusterId", clusterId,
                "--DynamicDb:Cluster:RedisConnectionString", servers.Redis.ConnectionString,
                "--DynamicDb:Cluster:PostgresConnectionString", state,
                "--DynamicDb:Tls:CertificatePath", certificate,
                "--DynamicDb:Tls:CertificatePassword", TestCertificates.Password));
    }

    /// <summary>
    /// Which silo (index into <paramref name="siloPorts"/>) hosts the sample's database grain, from Orleans' Redis grain
    /// directory (key <c>{clusterId}/directory/database/{app}/{database}</c>, whose <c>SiloAddress</c> is
    /// <c>{host}:{siloPort}@{generation}</c>).
    /// </summary>
    private async Task<int> HostOfAsync(string clusterId, int[] siloPorts)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var value = (string?)await redis.GetDatabase().StringGetAsync($"{clusterId}/directory/database/sampletest/notes");
        Assert.True(value is not null, "The sample's database grain is not in the grain directory.");
        using var entry = JsonDocument.Parse(value!);
        var silo = entry.RootElement.GetProperty("SiloAddress").GetString()!;
        var address = silo[..silo.IndexOf('@', StringComparison.Ordinal)];
        var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        var index = Array.IndexOf(siloPorts, port);
        Assert.True(index >= 0, $"The database grain is on {silo}, not on one of the test's silos.");
        return index;
    }
}
