using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Infrastructure;

/// <summary>The silo application in the test process, on a free loopback port and a data directory of the test's own.</summary>
internal static class InProcessSilo
{
    /// <summary>
    /// The silo application, not started, listening on a port chosen when it starts; Orleans' silo and gateway ports are
    /// free loopback ports too, so silos of parallel tests do not collide (later <paramref name="arguments"/> win).
    /// </summary>
    public static WebApplication Build(string dataDirectory, params string[] arguments) => SiloHost.Build(
    [
        "--urls", "http://127.0.0.1:0",
        "--DynamicDb:DataDirectory", dataDirectory,
        "--Logging:LogLevel:Default", "Warning",
        .. OrleansPorts(),
        .. arguments,
    ]);

    /// <summary>
    /// Runs the silo in this process with <paramref name="arguments"/> until it exits (a start refused for its settings
    /// exits at once) and returns its exit code; its console errors go to <paramref name="error"/>. Bounded to 2 minutes.
    /// </summary>
    public static Task<int> RunToExitAsync(string dataDirectory, TextWriter error, params string[] arguments) => SiloHost.RunAsync(
        ["--urls", "http://127.0.0.1:0", "--DynamicDb:DataDirectory", dataDirectory, "--Logging:LogLevel:Default", "None", .. OrleansPorts(), .. arguments],
        error).WaitAsync(TimeSpan.FromMinutes(2));

    /// <summary>Free loopback ports for Orleans' silo-to-silo and gateway endpoints.</summary>
    public static string[] OrleansPorts() =>
    [
        "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The address the started application listens on.</summary>
    public static Uri Address(this WebApplication app) => new(app.Urls.Single());
}
