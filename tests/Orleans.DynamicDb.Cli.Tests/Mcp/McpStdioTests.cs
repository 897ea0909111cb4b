using System.Diagnostics;
using System.Text.Json;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

[Collection(McpSiloCollection.Name)]
public sealed class McpStdioTests(McpSiloFixture silo)
{
    [Fact]
    public async Task Standard_output_carries_only_protocol_messages_even_with_every_log_on()
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { McpSession.CliDll, "mcp", "--log-level", "Trace" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DYNDB_URL"] = silo.Url;
        info.Environment["DYNDB_KEY"] = silo.AppKey;
        info.Environment["DYNDB_ADMIN_KEY"] = silo.AdminKey;
        info.Environment["DYNDB_CONFIG"] = Path.Combine(Path.GetTempPath(), $"dyndb-no-profile-{Guid.NewGuid():N}.json");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        var reader = ReadAnswersAsync(process.StandardOutput, lines, count: 4);

        string[] requests =
        [
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_databases","arguments":{}}}""",
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"database_status","arguments":{"database":7}}}""",
        ];
        foreach (var request in requests)
        {
            await process.StandardInput.WriteLineAsync(request);
        }

        await process.StandardInput.FlushAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(60));
        process.StandardInput.Close();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(exit.Token);
        lines.AddRange((await process.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.All(lines, line => Assert.Equal("2.0", JsonDocument.Parse(line).RootElement.GetProperty("jsonrpc").GetString()));
        var answers = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(m => m.TryGetProperty("id", out _)).ToList();
        Assert.Equal([1, 2, 3, 4], answers.Select(m => m.GetProperty("id").GetInt32()).Order());
        Assert.True(answers.Single(m => m.GetProperty("id").GetInt32() == 4).GetProperty("result").GetProperty("isError").GetBoolean());
        Assert.NotEmpty(await stderr); // the trace logs went to standard error
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>Reads standard output line by line until <paramref name="count"/> answers came (in any order).</summary>
    private static async Task ReadAnswersAsync(StreamReader output, List<string> lines, int count)
    {
        var answers = 0;
        while (answers < count && await output.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("id", out _))
            {
                answers++;
            }
        }
    }
}
