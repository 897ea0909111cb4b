using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>Reads rows through a silo's HTTP API with an API key: how the tests check what a client stored.</summary>
internal static class SiloHttp
{
    /// <summary>Every row of a query, each as its JSON text (e.g. <c>{"id":1,"text":"a"}</c>).</summary>
    public static async Task<IReadOnlyList<string>> QueryAsync(Uri silo, string apiKey, string database, string sql)
    {
        using var http = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        using var response = await http.PostAsJsonAsync("/v1/database/query", new { database, sql, args = Array.Empty<object>() });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The query through {silo} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(row => row.GetRawText())];
    }

    /// <summary>The names of the app's databases (GET /v1/database/list).</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(Uri silo, string apiKey)
    {
        using var http = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        using var json = JsonDocument.Parse(await http.GetStringAsync("/v1/database/list"));
        return [.. json.RootElement.GetProperty("databases").EnumerateArray().Select(d => d.GetString()!)];
    }
}
