using System.Globalization;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>The client sample, run as a process against a silo process's gateway, as a user would run it.</summary>
public sealed class ClientSampleTests
{
    private const string App = "sampletest";
    private const string ApiKey = "client-sample-key-0123456789abcdef";

    [Fact]
    public async Task The_sample_creates_a_database_writes_a_row_and_reads_it_back_through_a_silo_gateway()
    {
        using var data = new TempDirectory();
        var gateway = FreePort.Next();
        await using var silo = SiloProcess.Start(data.Path, SiloArguments(gateway));
        await silo.WaitUntilReadyAsync();

        var first = await ClientSample.RunAsync(SampleArguments(gateway, "first note"));
        var second = await ClientSample.RunAsync(SampleArguments(gateway, "second note"));

        Assert.True(first.ExitCode == 0, $"The sample failed:\n{first.All}\nSilo:\n{silo.Output}");
        Assert.Contains($"database {App}/notes: created on engine sqlite", first.OutputLines);
        Assert.Contains("inserted note 1", first.OutputLines);
        Assert.Contains("  1: first note", first.OutputLines);
        Assert.Contains($"app {App} has 1 database(s): notes", first.OutputLines);
        Assert.True(second.ExitCode == 0, $"The sample failed:\n{second.All}");
        Assert.Contains($"database {App}/notes: exists on engine sqlite", second.OutputLines);
        Assert.Contains("read 2 note(s):", second.OutputLines);

        var stored = await SiloHttp.QueryAsync(silo.Address, ApiKey, "notes", "SELECT id, text FROM notes ORDER BY id");
        Assert.Equal(["{\"id\":1,\"text\":\"first note\"}", "{\"id\":2,\"text\":\"second note\"}"], stored);
    }

    [Fact]
    public async Task The_sample_fails_with_the_gateway_named_when_no_silo_listens_there()
    {
        var gateway = FreePort.Next();

        var run = await ClientSample.RunAsync([.. SampleArguments(gateway, "lost"), "--DynamicDb:Client:StartTimeout", "00:00:02"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The sample failed: ConnectionFailedException: Unable to connect to any of the 1 available gateways.", run.Error);
        Assert.Contains($"127.0.0.1:{gateway}", run.All);
    }

    [Fact]
    public async Task The_gateway_refuses_a_client_of_another_cluster()
    {
        using var data = new TempDirectory();
        var gateway = FreePort.Next();
        await using var silo = SiloProcess.Start(data.Path, SiloArguments(gateway, "--Orleans:ClusterId", "blue"));
        await silo.WaitUntilReadyAsync();

        var other = await ClientSample.RunAsync(SampleArguments(gateway, "wrong cluster", "--DynamicDb:Client:ClusterId", "green", "--DynamicDb:Client:StartTimeout", "00:00:02"));
        var same = await ClientSample.RunAsync(SampleArguments(gateway, "right cluster", "--DynamicDb:Client:ClusterId", "blue"));

        Assert.Equal(1, other.ExitCode);
        Assert.Contains("Unexpected cluster id \"green\", expected \"blue\"", silo.Output);
        Assert.True(same.ExitCode == 0, $"The sample failed:\n{same.All}");
        Assert.Equal(["{\"text\":\"right cluster\"}"], await StoredNotesAsync(silo));
    }

    [Fact]
    public async Task The_sample_stops_with_exit_code_78_naming_a_bad_client_setting()
    {
        var run = await ClientSample.RunAsync("--DynamicDb:Client:Gateways:0", "127.0.0.1", "--DynamicDb:Client:ResponseTimeout", "00:00:00");

        Assert.Equal(78, run.ExitCode);
        Assert.Contains("DynamicDb:Client:Gateways:0 '127.0.0.1' is not a gateway endpoint", run.Error);
        Assert.Contains("DynamicDb:Client:ResponseTimeout must be a positive time span", run.Error);
    }

    internal static string[] SiloArguments(int gateway, params string[] more) =>
    [
        "--Orleans:Endpoints:GatewayPort", gateway.ToString(CultureInfo.InvariantCulture),
        "--DynamicDb:Auth:ApiKeys:0:App", App,
        "--DynamicDb:Auth:ApiKeys:0:Key", ApiKey,
        .. more,
    ];

    internal static string[] SampleArguments(int gateway, string text, params string[] more) =>
    [
        "--DynamicDb:Client:Gateways:0", $"127.0.0.1:{gateway}",
        "--Sample:App", App,
        "--Sample:Database", "notes",
        "--Sample:Text", text,
        .. more,
    ];

    internal static Task<IReadOnlyList<string>> DatabasesAsync(SiloProcess silo) => SiloHttp.ListAsync(silo.Address, ApiKey);

    internal static Task<IReadOnlyList<string>> StoredNotesAsync(SiloProcess silo) =>
        SiloHttp.QueryAsync(silo.Address, ApiKey, "notes", "SELECT text FROM notes ORDER BY id");
}
