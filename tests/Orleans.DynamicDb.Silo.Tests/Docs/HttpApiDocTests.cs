using System.Text;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Docs;

/// <summary>The curl examples of docs/http-api.md run in order on a fresh silo, the way a new user would try them.</summary>
public sealed class HttpApiDocTests
{
    private const string DocumentedAddress = "http://127.0.0.1:8080";

    /// <summary>Stands for <c>$ID</c> until an earlier example's answer fills it (<c>ID=$(curl ... | jq -r .id)</c>).</summary>
    private const string IdPlaceholder = "__ID__";

    [Fact]
    public async Task The_curl_examples_of_the_http_api_doc_succeed_in_order_on_a_fresh_silo_with_the_answers_it_shows()
    {
        using var data = new TempDirectory();
        await using var silo = InProcessSilo.Build(data.Path);
        await silo.StartAsync();
        var key = (await File.ReadAllTextAsync(data.Combine("silo", "dev-api-key"))).Trim();
        const string tokenPlaceholder = "<token>";
        var examples = CurlExample.Extract(await File.ReadAllTextAsync(DocPath()), new Dictionary<string, string>
        {
            ["KEY"] = key,
            ["TOKEN"] = tokenPlaceholder,
            ["ID"] = IdPlaceholder,
        });
        var captured = new Dictionary<string, string>();
        using var http = new HttpClient();

        var ran = new List<string>();
        foreach (var example in examples)
        {
            Assert.StartsWith(DocumentedAddress, example.Url.AbsoluteUri);
            if (example.Headers.Any(h => h.Value.Contains(tokenPlaceholder, StringComparison.Ordinal)))
            {
                // A fresh silo has the development key only; JWTs need a signing key (see Auth/AuthenticationTests).
                continue;
            }

            var id = captured.GetValueOrDefault("ID", IdPlaceholder);
            var pathAndQuery = example.Url.PathAndQuery.Replace(IdPlaceholder, id, StringComparison.Ordinal).Replace("$ID", id, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(example.Method), new Uri(silo.Address(), pathAndQuery));
            foreach (var (name, value) in example.Headers.Where(h => h.Name != "Content-Type"))
            {
                request.Headers.Add(name, value);
            }

            if (example.Body is not null)
            {
                request.Content = new StringContent(example.Body, Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            var where = $"{example.Command}\n answered {(int)response.StatusCode}: {answer}";
            Assert.True(response.IsSuccessStatusCode, where);
            if (example.ShownMembers() is { } shown)
            {
                using var json = JsonDocument.Parse(answer);
                Assert.True(
                    shown.SequenceEqual(json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)),
                    $"The doc shows the members {string.Join(", ", shown)}; {where}");
            }

            if (example.CaptureName is { } variable)
            {
                using var json = JsonDocument.Parse(answer);
                captured[variable] = json.RootElement.GetProperty(example.CaptureField!).GetString()!;
            }

            ran.Add($"{example.Method} {example.Url.AbsolutePath.Replace(IdPlaceholder, "$ID", StringComparison.Ordinal).Replace("%24", "$", StringComparison.Ordinal)}");
        }

        Assert.Equal(
            [
                "GET /v1/database/list", "POST /v1/database/create-table", "POST /v1/database/exec", "POST /v1/database/query",
                "POST /v1/database/transaction", "POST /v1/database/transactions", "POST /v1/database/transactions/$ID/exec",
                "POST /v1/database/transactions/$ID/query", "POST /v1/database/transactions/$ID/commit", "GET /v1/database/schema", "POST /v1/database/schema",
                "POST /v1/database/create-table", "POST /v1/database/drop-table", "GET /v1/database/list",
                "POST /v1/database/create", "GET /v1/database/status", "POST /v1/database/drop", "GET /v1/whoami",
            ],
            ran);
        await silo.StopAsync();
    }

    private static string DocPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var doc = Path.Combine(directory.FullName, "docs", "http-api.md");
            if (File.Exists(doc))
            {
                return doc;
            }
        }

        throw new FileNotFoundException($"docs/http-api.md was not found above {AppContext.BaseDirectory}.");
    }
}
