using Orleans.Runtime;

namespace Orleans.DynamicDb.Providers.Schema;

/// <summary>
/// Runs <see cref="DynamicDbSchemaInstaller"/> at <see cref="ServiceLifecycleStage.RuntimeInitialize"/>, before Orleans'
/// ADO.NET grain storage (initialised at <see cref="ServiceLifecycleStage.ApplicationServices"/>) and reminder table read
/// their queries; a failure stops the silo's start.
/// </summary>
internal sealed class SchemaInstallerLifecycleParticipant(DynamicDbSchemaInstaller installer) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DynamicDbSchemaInstaller), ServiceLifecycleStage.RuntimeInitialize, cancellationToken => installer.InstallAsync(cancellationToken));
}
