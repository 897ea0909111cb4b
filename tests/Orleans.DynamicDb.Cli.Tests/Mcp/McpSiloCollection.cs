namespace Orleans.DynamicDb.Cli.Tests.Mcp;

/// <summary>The MCP tests that share one silo process with two engines.</summary>
[CollectionDefinition(Name)]
public sealed class McpSiloCollection : ICollectionFixture<McpSiloFixture>
{
    public const string Name = "MCP against a silo";
}
