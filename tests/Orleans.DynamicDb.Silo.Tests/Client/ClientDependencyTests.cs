using System.Reflection;
using System.Text.Json;
using Orleans.DynamicDb.Client;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>A remote client needs only the contracts and Orleans' client: no engines, SQLite, Npgsql, grains or silo.</summary>
public sealed class ClientDependencyTests
{
    private static readonly string[] Forbidden =
        ["Orleans.DynamicDb.Grains", "Orleans.DynamicDb.Providers", "Orleans.DynamicDb.Silo", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "System.Data.SQLite", "Npgsql", "Microsoft.Orleans.Server", "Microsoft.Orleans.Persistence"];

    [Fact]
    public void The_client_assembly_references_only_the_contracts_Orleans_client_libraries_Redis_and_the_framework()
    {
        var references = typeof(DynamicDbClient).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var unexpected = references.Where(name => !IsAllowedClientReference(name)).ToList();

        Assert.True(unexpected.Count == 0, $"The client references {string.Join(", ", unexpected)}; allowed: the framework, Orleans' client, Redis clustering and TLS, grains.abstractions.");
        Assert.Contains("Orleans.DynamicDb.Grains.Abstractions", references);
        Assert.Contains("Orleans.Core", references);
    }

    [Fact]
    public void The_samples_dependencies_hold_no_engine_database_driver_grain_or_silo_library()
    {
        var depsFile = Path.Combine(ClientSample.OutputDirectory, "Orleans.DynamicDb.Samples.Client.deps.json");
        Assert.True(File.Exists(depsFile), $"The client sample's deps.json is missing: {depsFile}. Build the tests (they reference the sample).");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));

        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name[..l.Name.IndexOf('/', StringComparison.Ordinal)]).ToList();

        var forbidden = libraries.Where(IsForbidden).ToList();
        Assert.True(forbidden.Count == 0, $"The client sample depends on {string.Join(", ", forbidden)}.");
        Assert.Contains("Orleans.DynamicDb.Client", libraries);
        Assert.Contains("Orleans.DynamicDb.Grains.Abstractions", libraries);
        Assert.Contains("Microsoft.Orleans.Core", libraries); // Microsoft.Orleans.Client is a package of references only
    }

    /// <summary>A forbidden library or one of its family (Npgsql.*, SQLitePCLRaw.*...), except the contracts.</summary>
    private static bool IsForbidden(string library) =>
        library != "Orleans.DynamicDb.Grains.Abstractions"
        && Forbidden.Any(f => library.Equals(f, StringComparison.OrdinalIgnoreCase) || library.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase));

    private static bool IsAllowedClientReference(string name) =>
        name is "netstandard" or "Orleans.DynamicDb.Grains.Abstractions" or "Orleans.Clustering.Redis" or "Orleans.Connections.Security" or "StackExchange.Redis"
        || name.StartsWith("System.", StringComparison.Ordinal) || name == "System"
        || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
        || name.StartsWith("Orleans.Core", StringComparison.Ordinal)
        || name.StartsWith("Orleans.Serialization", StringComparison.Ordinal);
}
