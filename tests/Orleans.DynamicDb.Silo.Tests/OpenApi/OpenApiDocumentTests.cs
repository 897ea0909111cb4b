using System.Net;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.OpenApi;

/// <summary>/openapi/v1.json describes the gateway's real endpoints, their bodies, the problem type and the auth schemes.</summary>
public sealed class OpenApiDocumentTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private static readonly (string Path, string Method)[] GatewayOperations =
    [
        ("/v1/database/exec", "post"), ("/v1/database/query", "post"), ("/v1/database/transaction", "post"),
        ("/v1/database/schema", "get"), ("/v1/database/schema", "post"), ("/v1/database/create-table", "post"),
        ("/v1/database/drop-table", "post"), ("/v1/database/list", "get"), ("/v1/database/create", "post"),
        ("/v1/database/status", "get"), ("/v1/database/drop", "post"), ("/v1/whoami", "get"),
        ("/v1/database/transactions", "post"), ("/v1/database/transactions/{id}/exec", "post"), ("/v1/database/transactions/{id}/query", "post"),
        ("/v1/database/transactions/{id}/commit", "post"), ("/v1/database/transactions/{id}/rollback", "post"), ("/v1/database/transactions/{id}", "delete"),
    ];

    private static readonly (string Path, string Method)[] AdminOperations =
    [
        ("/v1/engines", "get"), ("/v1/engines/{id}", "get"), ("/v1/engines/{id}/probe", "post"), ("/v1/engines/events", "get"),
        ("/v1/engines/groups/{group}/failover", "post"), ("/v1/engines/groups/{group}/members/{member}", "delete"), ("/v1/engines", "post"), ("/v1/admin/audit", "get"), ("/v1/admin/databases", "get"),
        ("/v1/admin/databases/{app}/{database}/switch", "post"), ("/v1/admin/databases/{app}/{database}/activity", "get"), ("/v1/admin/switches", "get"), ("/v1/admin/switches/{id}", "get"),
        ("/v1/admin/switches/{id}/approve", "post"), ("/v1/admin/switches/{id}/reject", "post"),
        ("/v1/admin/policies", "post"), ("/v1/admin/policies", "get"), ("/v1/admin/policies/{name}", "delete"),
        ("/v1/admin/sessions", "get"), ("/v1/admin/sessions/{id}", "get"), ("/v1/admin/sessions/{id}", "delete"),
        ("/v1/admin/tiers", "get"),
    ];

    private async Task<(GatewayResponse Answer, JsonElement Document)> DocumentAsync()
    {
        var silo = await fixture.GetAsync(() => []);
        var answer = await silo.WithApiKey(null).GetAsync("/openapi/v1.json");
        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status}: {answer.Body}");
        return (answer, answer.Json);
    }

    [Fact]
    public async Task The_document_is_served_without_credential_as_openapi_json_listing_every_gateway_operation_and_no_other()
    {
        var (answer, document) = await DocumentAsync();

        Assert.Equal("application/json", answer.MediaType);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var listed = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (path.Name, operation.Name)))
            .Order()
            .ToArray();
        Assert.Equal(GatewayOperations.Concat(AdminOperations).Order().ToArray(), listed);
    }

    [Fact]
    public async Task Every_operation_has_its_request_body_answer_problem_type_and_both_auth_schemes()
    {
        var (_, document) = await DocumentAsync();
        var paths = document.GetProperty("paths");

        foreach (var (path, method) in GatewayOperations)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var where = $"{method} {path}";
            if (path.Contains("{id}", StringComparison.Ordinal))
            {
                Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "id");
            }

            if (method == "post" && !path.EndsWith("/commit", StringComparison.Ordinal) && !path.EndsWith("/rollback", StringComparison.Ordinal))
            {
                Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), where);
            }
            else if (method == "get" && path is not "/v1/database/list" and not "/v1/whoami")
            {
                Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "database");
            }

            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty(path.EndsWith("/create") || path.EndsWith("/transactions") ? "201" : "200", out _), where);
            var problem = responses.GetProperty("400").GetProperty("content").GetProperty("application/problem+json");
            Assert.Equal("#/components/schemas/Problem", problem.GetProperty("schema").GetProperty("$ref").GetString());
            var schemes = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order();
            Assert.Equal(["ApiKey", "Bearer"], schemes);
        }

        var query = paths.GetProperty("/v1/database/query").GetProperty("post");
        var queryBody = Schema(document, query.GetProperty("requestBody").GetProperty("content").GetProperty("application/json"));
        Assert.Equal(["args", "database", "read_only", "sql"], queryBody.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        var queryAnswer = Schema(document, query.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json"));
        Assert.Equal(["columns", "count", "error", "items", "truncated"], queryAnswer.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        var problemSchema = document.GetProperty("components").GetProperty("schemas").GetProperty("Problem").GetProperty("properties");
        Assert.Equal(
            ["detail", "instance", "status", "title", "trace_id", "transient", "type"],
            problemSchema.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Every_admin_operation_has_its_answer_the_403_problem_and_both_auth_schemes()
    {
        var (_, document) = await DocumentAsync();
        var paths = document.GetProperty("paths");

        foreach (var (path, method) in AdminOperations)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var where = $"{method} {path}";
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty(path == "/v1/engines" && method == "post" ? "201" : "200", out var ok), where);
            Assert.True(ok.GetProperty("content").TryGetProperty("application/json", out _), where);
            foreach (var status in new[] { "400", "401", "403", "404" })
            {
                var problem = responses.GetProperty(status).GetProperty("content").GetProperty("application/problem+json");
                Assert.Equal("#/components/schemas/Problem", problem.GetProperty("schema").GetProperty("$ref").GetString());
            }

            var schemes = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order();
            Assert.Equal(["ApiKey", "Bearer"], schemes);
            string?[] parameters = operation.TryGetProperty("parameters", out var list) ? [.. list.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order()] : [];
            string[] expected = path.Contains("{id}", StringComparison.Ordinal) ? ["id"] : path.Contains("{member}", StringComparison.Ordinal) ? ["group", "member"]
                : path.Contains("{group}", StringComparison.Ordinal) ? ["group"]
                : path.Contains("{name}", StringComparison.Ordinal) ? ["name"]
                : path.EndsWith("/switch", StringComparison.Ordinal) ? ["app", "database", "wait"]
                : path.Contains("{app}", StringComparison.Ordinal) ? ["app", "database"]
                : path.EndsWith("/events", StringComparison.Ordinal) || path.EndsWith("/switches", StringComparison.Ordinal) ? ["limit", "since"]
                : path == "/v1/admin/audit" ? ["action", "actor", "limit", "since", "target"]
                : path == "/v1/admin/databases" ? ["after", "limit", "search", "status"]
                : path == "/v1/admin/sessions" ? ["after", "app", "database", "limit", "protocol", "state", "tier"]
                : path == "/v1/admin/tiers" ? ["engine"] : [];
            Assert.Equal(expected, parameters);
        }

        var list200 = paths.GetProperty("/v1/engines").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json");
        var engine = Schema(document, Schema(document, list200).GetProperty("properties").GetProperty("engines").GetProperty("items"));
        Assert.Equal(
            ["autoscale", "circuit", "connections", "epoch", "error_rate", "group", "id", "kind", "last_change_at", "last_probe_at", "latency_ms", "needs_rebuild", "pid", "port",
                "replication_lag_bytes", "role", "silo", "state", "weight"],
            engine.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        var add = paths.GetProperty("/v1/engines").GetProperty("post");
        var addBody = Schema(document, add.GetProperty("requestBody").GetProperty("content").GetProperty("application/json"));
        Assert.Equal(["group", "weight"], addBody.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(add.GetProperty("responses").GetProperty("409").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var events200 = paths.GetProperty("/v1/engines/events").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json");
        Assert.Equal(["events", "next"], Schema(document, events200).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task The_auth_schemes_are_the_X_API_Key_header_and_bearer_and_the_document_holds_no_url()
    {
        var (answer, document) = await DocumentAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal("apiKey", apiKey.GetProperty("type").GetString());
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-API-Key", apiKey.GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.DoesNotContain("://", answer.Body);
        Assert.False(document.TryGetProperty("servers", out var servers) && servers.GetArrayLength() > 0, "the document names no server");
    }

    private static JsonElement Schema(JsonElement document, JsonElement content)
    {
        var schema = content.TryGetProperty("schema", out var inner) ? inner : content;
        return schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
    }
}
