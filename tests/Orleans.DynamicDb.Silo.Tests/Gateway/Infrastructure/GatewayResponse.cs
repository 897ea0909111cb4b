using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

/// <summary>One gateway answer: status, body and, for problems, the RFC 9457 fields.</summary>
internal sealed record GatewayResponse(HttpStatusCode Status, string Body, string? MediaType, HttpResponseHeaders Headers)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public string? ProblemType => Json.GetProperty("type").GetString();

    public string Detail => Json.GetProperty("detail").GetString() ?? "";

    /// <summary>Fails with the body when the status is not 2xx.</summary>
    public GatewayResponse EnsureOk()
    {
        Assert.True((int)Status is >= 200 and < 300, $"Expected success, got {(int)Status}: {Body}");
        return this;
    }

    /// <summary>Asserts a problem answer with this status and type, and returns its detail.</summary>
    public string AssertProblem(HttpStatusCode status, string type)
    {
        Assert.True(Status == status, $"Expected {(int)status} {type}, got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", MediaType);
        var json = Json;
        Assert.Equal(type, json.GetProperty("type").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(Detail));
        return Detail;
    }
}
