namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// A <c>postgres-managed</c> engine's probe. Its instances run per database and may all be hibernated, so the probe
/// checks what starting one needs: the <c>postgres</c> binary in the bin directory and a writable data directory.
/// </summary>
public sealed class ManagedPostgresProbe(string binDirectory, string dataDirectory) : IEngineProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var postgres = Path.Combine(binDirectory, "postgres");
        if (!File.Exists(postgres))
        {
            throw new FileNotFoundException($"The PostgreSQL server binary '{postgres}' does not exist.", postgres);
        }

        await WritableDirectory.CheckAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
    }
}
