using Microsoft.Extensions.Hosting;

namespace Orleans.DynamicDb.Runtime.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider ServiceProvider => Host.Services;

    /// <summary>False once stopped or killed.</summary>
    public bool IsActive { get; internal set; } = true;

    public override string ToString() => Name;
}
