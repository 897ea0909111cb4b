using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Problems;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Problems;

public sealed class ServerErrorLogThrottleTests
{
    [Fact]
    public void The_first_answer_of_a_window_is_a_warning_and_the_rest_are_debug_counted_in_the_next_warning()
    {
        var time = new ManualTimeProvider();
        var throttle = new ServerErrorLogThrottle(time);

        var levels = Enumerable.Range(0, 1000).Select(_ => throttle.Next("POST /exec", ErrorCodes.EngineUnavailable)).ToList();

        Assert.Equal((LogLevel.Warning, 0L), levels[0]);
        Assert.All(levels.Skip(1), l => Assert.Equal((LogLevel.Debug, 0L), l));
        time.Advance(ServerErrorLogThrottle.Window);
        Assert.Equal((LogLevel.Warning, 999L), throttle.Next("POST /exec", ErrorCodes.EngineUnavailable));
        Assert.Equal(LogLevel.Debug, throttle.Next("POST /exec", ErrorCodes.EngineUnavailable).Level);
    }

    [Fact]
    public void Another_endpoint_or_error_code_gets_its_own_first_warning()
    {
        var throttle = new ServerErrorLogThrottle(new ManualTimeProvider());
        throttle.Next("POST /exec", ErrorCodes.EngineUnavailable);

        Assert.Equal(LogLevel.Warning, throttle.Next("POST /query", ErrorCodes.EngineUnavailable).Level);
        Assert.Equal(LogLevel.Warning, throttle.Next("POST /exec", ErrorCodes.SqlTimeout).Level);
        Assert.Equal(LogLevel.Debug, throttle.Next("POST /exec", ErrorCodes.EngineUnavailable).Level);
    }

    [Fact]
    public async Task A_thousand_failed_writes_through_the_filter_log_one_warning_with_event_4041()
    {
        var logger = new ListLogger<ProblemEndpointFilter>();
        var filter = new ProblemEndpointFilter(logger, new ServerErrorLogThrottle(new ManualTimeProvider()));

        for (var i = 0; i < 1000; i++)
        {
            var http = new DefaultHttpContext();
            http.Request.Method = "POST";
            http.Request.Path = "/v1/database/exec";
            await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http),
                _ => throw new DynamicDbException(ErrorCodes.EngineUnavailable, "The primary cannot be reached.", isTransient: true));
        }

        Assert.Equal(1000, logger.Lines.Count(l => l.EventId == 4041));
        Assert.Equal(1, logger.Lines.Count(l => l.Level == LogLevel.Warning));
        Assert.Equal(999, logger.Lines.Count(l => l.Level == LogLevel.Debug));
    }

    /// <summary>Keeps every line's level and event id (a fake for the log sink only).</summary>
    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, int EventId)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, eventId.Id));
    }
}
