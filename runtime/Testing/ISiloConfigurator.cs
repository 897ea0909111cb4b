using Orleans.DynamicDb.Runtime.Hosting;

namespace Orleans.DynamicDb.Runtime.Testing;

/// <summary>Configures each silo of a <see cref="TestCluster"/>; needs a public parameterless constructor.</summary>
public interface ISiloConfigurator
{
    void Configure(ISiloBuilder siloBuilder);
}
