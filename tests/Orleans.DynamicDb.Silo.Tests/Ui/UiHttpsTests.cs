using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Client;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Ui;

/// <summary>Over HTTPS the dashboard's session cookie is also <c>Secure</c>.</summary>
public sealed class UiHttpsTests
{
    [Fact]
    public async Task A_login_over_https_sets_a_secure_cookie()
    {
        using var data = new TempDirectory();
        var certificate = TestCertificates.WritePfx(data.Path, "localhost");
        await using var silo = InProcessSilo.Build(data.Path,
        [
            .. AdminCredentials.Arguments,
            "--urls", "https://127.0.0.1:0",
            "--Kestrel:Certificates:Default:Path", certificate,
            "--Kestrel:Certificates:Default:Password", TestCertificates.Password,
        ]);
        await silo.StartAsync();
        using var handler = new HttpClientHandler
        {
            UseCookies = false,
            // The test's own self-signed certificate, on loopback.
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        using var http = new HttpClient(handler) { BaseAddress = silo.Address() };

        using var login = await http.PostAsync("/ui/login", new StringContent($"{{\"key\":\"{AdminCredentials.AdminKey}\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.StartsWith("https://", silo.Address().AbsoluteUri, StringComparison.Ordinal);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.Contains("; secure", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        await silo.StopAsync();
    }
}
