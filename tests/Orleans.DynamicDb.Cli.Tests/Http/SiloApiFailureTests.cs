using System.Net;
using System.Net.Sockets;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Http;

/// <summary>A silo that accepts connections but never answers (a real loopback socket nobody serves).</summary>
public sealed class SiloApiFailureTests : IDisposable
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);

    public SiloApiFailureTests() => _silent.Start();

    private string Url => $"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}";

    [Fact]
    public async Task A_silo_that_does_not_answer_in_time_exits_7_naming_the_url()
    {
        using var cli = new CliRunner().WithVariable("DYNDB_URL", Url).WithVariable("DYNDB_KEY", "0123456789abcdef0123");

        var list = await cli.RunAsync("databases", "list", "--timeout", "0.5");

        Assert.True(list.ExitCode == 7, list.ToString());
        Assert.Contains($"The silo at {Url}/ did not answer GET /v1/database/list within", list.Stderr);
    }

    [Fact]
    public async Task Ctrl_c_while_waiting_for_the_silo_exits_130()
    {
        using var cli = new CliRunner().WithVariable("DYNDB_URL", Url).WithVariable("DYNDB_KEY", "0123456789abcdef0123");
        using var ctrlC = new CancellationTokenSource();

        // Ctrl-C once the request reached the silo (its connection is accepted), not before.
        var run = cli.RunAsync("", ctrlC.Token, "databases", "list");
        using var connection = await _silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await ctrlC.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("Cancelled.", result.Stderr);
    }

    [Fact]
    public async Task A_bad_timeout_is_a_usage_error_naming_the_value()
    {
        using var cli = new CliRunner().WithVariable("DYNDB_URL", Url).WithVariable("DYNDB_KEY", "0123456789abcdef0123");

        var result = await cli.RunAsync("databases", "list", "--timeout", "-3");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--timeout must be more than 0", result.Stderr);
        Assert.Contains("-3", result.Stderr);
    }

    public void Dispose() => _silent.Dispose();
}
