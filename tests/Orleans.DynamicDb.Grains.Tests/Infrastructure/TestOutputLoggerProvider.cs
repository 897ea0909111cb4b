using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Infrastructure;

/// <summary>Writes log lines to the test's output, so that a failing test shows what the engine did (and how long it took).</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public static ILoggerFactory CreateFactory(ITestOutputHelper output) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new TestOutputLoggerProvider(output)));

    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{logLevel,-11} {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // the test has finished; nobody reads its output any more
            }
        }
    }
}
