namespace Orleans.DynamicDb.Cli.Tests.Infrastructure;

/// <summary>The tests that share one silo process.</summary>
[CollectionDefinition(Name)]
public sealed class CliSiloCollection : ICollectionFixture<CliSiloFixture>
{
    public const string Name = "CLI against a silo";
}
