using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Orleans.DynamicDb.Silo.Tests;

/// <summary>
/// Every silo of these tests (in-process, or a child process inheriting the environment) listens for PostgreSQL wire
/// clients on a free port instead of the default 127.0.0.1:6432, so silos of parallel tests never collide. A test that
/// needs a known port passes --DynamicDb:PgWire:Endpoint, which wins over the environment.
/// </summary>
internal static class PgWireTestDefaults
{
    /// <summary>The environment variable of <c>DynamicDb:PgWire:Endpoint</c>.</summary>
    public const string EndpointVariable = "DynamicDb__PgWire__Endpoint";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Test assembly: the setting must be in place before any silo is built.")]
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is null)
        {
            Environment.SetEnvironmentVariable(EndpointVariable, "127.0.0.1:0");
        }
    }
}
