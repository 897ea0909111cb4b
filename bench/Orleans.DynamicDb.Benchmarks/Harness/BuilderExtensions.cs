namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Applies an optional configuration step in a builder chain.</summary>
internal static class BuilderExtensions
{
    public static ISiloBuilder Apply(this ISiloBuilder builder, Action<ISiloBuilder>? configure)
    {
        configure?.Invoke(builder);
        return builder;
    }

    public static IClientBuilder Apply(this IClientBuilder builder, Action<IClientBuilder>? configure)
    {
        configure?.Invoke(builder);
        return builder;
    }
}
