using System.Net;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary><c>GET /v1/whoami</c> names whom the silo takes a credential for, and answers nobody without one.</summary>
public sealed class WhoAmITests
{
    private const string AppKey = "whoami-app-key-0123456789abcdef";
    private const string AdminKey = "whoami-admin-key-0123456789abcdef";

    [Fact]
    public async Task An_app_key_is_named_by_its_app_an_admin_key_as_admin_and_no_key_is_a_401()
    {
        using var data = new TempDirectory();
        await using var silo = InProcessSilo.Build(
            data.Path,
            "--DynamicDb:Auth:ApiKeys:0:App", "whoapp",
            "--DynamicDb:Auth:ApiKeys:0:Key", AppKey,
            "--DynamicDb:Auth:AdminKeys:0:Name", "ops",
            "--DynamicDb:Auth:AdminKeys:0:Key", AdminKey);
        await silo.StartAsync();
        using var http = new HttpClient { BaseAddress = silo.Address() };

        using var app = await GetAsync(http, AppKey);
        using var admin = await GetAsync(http, AdminKey);
        using var anonymous = await http.GetAsync("/v1/whoami");
        using var wrong = await GetAsync(http, "not-a-key-0123456789abcdef");

        Assert.Equal(HttpStatusCode.OK, app.StatusCode);
        using (var json = JsonDocument.Parse(await app.Content.ReadAsStringAsync()))
        {
            Assert.Equal("whoapp", json.RootElement.GetProperty("app").GetString());
            Assert.Equal("api_key", json.RootElement.GetProperty("credential").GetString());
            Assert.False(json.RootElement.GetProperty("admin").GetBoolean());
            Assert.StartsWith("key:sha256:", json.RootElement.GetProperty("credential_id").GetString());
        }

        var adminText = await admin.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.DoesNotContain(AdminKey, adminText);
        using (var json = JsonDocument.Parse(adminText))
        {
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("app").ValueKind);
            Assert.True(json.RootElement.GetProperty("admin").GetBoolean());
            Assert.Equal("admin:ops", json.RootElement.GetProperty("credential_id").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/whoami");
        request.Headers.Add("X-API-Key", key);
        return http.SendAsync(request);
    }
}
