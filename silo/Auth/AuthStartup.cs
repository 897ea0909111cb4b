namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// Loads the API keys when the host starts, after the settings were validated, so the development key is created
/// and announced in the log at start rather than on the first request.
/// </summary>
internal sealed class AuthStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ApiKeyStore>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
