using Orleans.DynamicDb.Runtime.Hosting;

namespace Orleans.DynamicDb.Runtime.Testing;

/// <summary>Builds an in-process <see cref="TestCluster"/>, as Orleans.TestingHost does.</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _configure = [];

    public TestClusterOptions Options { get; } = new();

    /// <summary>Applies <typeparamref name="TConfigurator"/> to every silo.</summary>
    public TestClusterBuilder AddSiloBuilderConfigurator<TConfigurator>()
        where TConfigurator : ISiloConfigurator, new()
    {
        _configure.Add(silo => new TConfigurator().Configure(silo));
        return this;
    }

    /// <summary>Applies a delegate to every silo (not in Orleans; handy for per-test settings).</summary>
    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure.Add(configure);
        return this;
    }

    public TestCluster Build()
    {
        if (Options.InitialSilosCount < 1)
        {
            throw new InvalidOperationException($"TestClusterOptions.InitialSilosCount must be at least 1; it is {Options.InitialSilosCount}.");
        }

        return new TestCluster(Options, [.. _configure]);
    }
}
