using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;

[assembly: HostingStartup(typeof(Orleans.DynamicDb.Silo.Tests.Tiers.StatementRecorder.Startup))]

namespace Orleans.DynamicDb.Silo.Tests.Tiers;

/// <summary>
/// A test-only incoming grain call filter that records the statements and transaction options database grains receive,
/// by grain key: what the frontends stamped on them. Added only to a silo started with
/// <c>--hostingStartupAssemblies Orleans.DynamicDb.Silo.Tests</c> (<see cref="Arguments"/>).
/// </summary>
internal sealed class StatementRecorder : IIncomingGrainCallFilter
{
    /// <summary>The arguments that add the recorder to a test silo.</summary>
    public static IReadOnlyList<string> Arguments { get; } = ["--hostingStartupAssemblies", typeof(StatementRecorder).Assembly.GetName().Name!];

    private static readonly ConcurrentQueue<(string Grain, Statement Statement)> StatementsSeen = new();
    private static readonly ConcurrentQueue<(string Grain, TransactionOptions Options)> TransactionsSeen = new();

    /// <summary>The statements database grain <paramref name="key"/> (<c>app/database</c>) received.</summary>
    public static IReadOnlyList<Statement> Statements(string key) => [.. StatementsSeen.Where(s => s.Grain == key).Select(s => s.Statement)];

    /// <summary>The transactions database grain <paramref name="key"/> was asked to begin.</summary>
    public static IReadOnlyList<TransactionOptions> Transactions(string key) => [.. TransactionsSeen.Where(s => s.Grain == key).Select(s => s.Options)];

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is IDatabaseGrain)
        {
            var key = context.TargetId.Key.ToString()!;
            for (var i = 0; i < context.Request.GetArgumentCount(); i++)
            {
                switch (context.Request.GetArgument(i))
                {
                    case Statement statement:
                        StatementsSeen.Enqueue((key, statement));
                        break;
                    case IEnumerable<Statement> statements:
                        foreach (var s in statements)
                        {
                            StatementsSeen.Enqueue((key, s));
                        }

                        break;
                    case TransactionOptions options:
                        TransactionsSeen.Enqueue((key, options));
                        break;
                }
            }
        }

        return context.Invoke();
    }

    /// <summary>Adds the recorder to the silo's services (Orleans takes grain call filters from them).</summary>
    public sealed class Startup : IHostingStartup
    {
        public void Configure(IWebHostBuilder builder) =>
            builder.ConfigureServices(services => services.AddSingleton<IIncomingGrainCallFilter, StatementRecorder>());
    }
}
