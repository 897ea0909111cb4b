using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>
/// <see cref="LowTierPriority"/> where it may not renice (a server elsewhere, a process that is not PostgreSQL's) and the
/// validation of <see cref="EngineOptions.LowTierNice"/>.
/// </summary>
public sealed class LowTierPriorityTests
{
    [Theory]
    [InlineData("db.example.internal", 4242)]
    [InlineData("10.1.2.3", 4242)]
    [InlineData("127.0.0.1", -1)]
    public void A_refused_renice_is_logged_once_naming_the_engine_and_the_pid_and_turns_the_low_pool_off(string host, int pid)
    {
        var logger = new RecordingLogger();
        var priority = new LowTierPriority("pg-far", 10, logger, metrics: null);
        var pool = new LowTierPool("Host=127.0.0.1;Username=nobody", priority);
        // a local process that is not PostgreSQL's: this test's own
        var target = pid < 0 ? Environment.ProcessId : pid;

        priority.Lower(host, target);
        priority.Lower(host, target);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Warning, EventIds.LowTierNiceRefused), (entry.Level, entry.EventId));
        Assert.Contains("pg-far", entry.Message, StringComparison.Ordinal);
        Assert.Contains($"server process {target} ", entry.Message, StringComparison.Ordinal);
        Assert.Contains($"errno {BackendPriority.NoSuchProcess}", entry.Message, StringComparison.Ordinal);
        Assert.False(priority.Enabled);
        Assert.Equal("refused", priority.Status);
        Assert.Null(pool.For(Tier.Low));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("localhost", true)]
    [InlineData("/var/run/postgresql", true)]
    [InlineData("192.168.1.5", false)]
    [InlineData("db.example.internal", false)]
    public void Only_a_loopback_or_unix_socket_host_is_taken_for_this_machine(string host, bool local) =>
        Assert.Equal(local, LowTierPriority.IsLocal(host));

    [Fact]
    public void The_low_tier_nice_value_is_10_by_default_and_valid()
    {
        var options = Postgres();

        Assert.Equal(10, options.LowTierNice);
        Assert.Empty(EngineOptionsValidator.Validate([options]));
    }

    [Theory]
    [InlineData(EngineKinds.Postgres, 20)]
    [InlineData(EngineKinds.Postgres, -1)]
    [InlineData(EngineKinds.PostgresHa, 20)]
    public void A_nice_value_outside_0_to_19_names_the_setting_and_the_value(string kind, int nice)
    {
        var options = Postgres(kind);
        options.LowTierNice = nice;

        Assert.Contains($"DynamicDb:Engines:0:LowTierNice: must be between 0 (off) and 19, not {nice}.", EngineOptionsValidator.Validate([options]));
    }

    private static EngineOptions Postgres(string kind = EngineKinds.Postgres) =>
        new() { Id = "pg", Kind = kind, ConnectionString = "Host=127.0.0.1;Username=postgres", DataDirectory = "data-" + kind };

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, int EventId, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
    }
}
