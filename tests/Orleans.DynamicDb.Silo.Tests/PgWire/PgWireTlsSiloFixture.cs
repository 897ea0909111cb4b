namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>
/// A silo whose wire frontend has a self-signed certificate made for the test (PEM, key in its own file) and requires
/// TLS (<c>DynamicDb:PgWire:RequireTls</c>); the certificate's folder is deleted with the fixture.
/// </summary>
public sealed class PgWireTlsSiloFixture : IAsyncLifetime
{
    private readonly PgWireSiloFixture _silo = new();

    internal TestCertificate Certificate { get; } = new();

    internal Task<PgWireSilo> GetAsync() => _silo.GetAsync(() =>
    [
        "--DynamicDb:PgWire:Certificate:Path", Certificate.CertificatePath,
        "--DynamicDb:PgWire:Certificate:KeyPath", Certificate.KeyPath,
        "--DynamicDb:PgWire:RequireTls", "true",
    ]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Certificate.Dispose();
    }
}
