namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>Where the silo's HTTP endpoints listen when nothing else is configured.</summary>
internal static class SiloUrls
{
    /// <summary>The default address: loopback only, port 8080.</summary>
    public const string Default = "http://127.0.0.1:8080";

    /// <summary>
    /// Listens on <see cref="Default"/> unless an address is configured the standard way: <c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c>/<c>DOTNET_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> or <c>Kestrel:Endpoints</c>.
    /// </summary>
    public static void UseDefaultUrlUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!configured)
        {
            builder.WebHost.UseUrls(Default);
        }
    }
}
