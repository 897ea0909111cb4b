using System.Net.Sockets;
using Npgsql;
using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task A_refused_connection_proves_the_server_unreachable()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=postgres;Timeout=5");
        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.True(ConnectionFailure.ProvesUnreachable(Unavailable(refused)));
        Assert.Contains("refused", ConnectionFailure.Describe(Unavailable(refused)), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CrashShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, true)]
    [InlineData(PostgresErrorCodes.TooManyConnections, false)]
    [InlineData(PostgresErrorCodes.InvalidPassword, false)]
    public void The_servers_shutdown_answers_prove_it_unreachable_and_its_other_refusals_do_not(string sqlState, bool proves)
    {
        var answer = new PostgresException("the server said so", "FATAL", "FATAL", sqlState);

        Assert.Equal(proves, ConnectionFailure.ProvesUnreachable(Unavailable(new NpgsqlException("failed", answer))));
    }

    [Fact]
    public void A_connection_cut_off_mid_answer_proves_it_and_a_timeout_or_a_full_pool_does_not()
    {
        Assert.True(ConnectionFailure.ProvesUnreachable(Unavailable(new NpgsqlException("Exception while reading from stream", new EndOfStreamException()))));
        Assert.True(ConnectionFailure.ProvesUnreachable(Unavailable(new NpgsqlException("reset", new IOException("io", new SocketException((int)SocketError.ConnectionReset))))));
        Assert.False(ConnectionFailure.ProvesUnreachable(Unavailable(new NpgsqlException("timeout", new TimeoutException()))));
        Assert.False(ConnectionFailure.ProvesUnreachable(Unavailable(new TimeoutException("The connection pool has been exhausted"))));
        Assert.False(ConnectionFailure.ProvesUnreachable(Unavailable(new NpgsqlException("unreachable", new SocketException((int)SocketError.TimedOut)))));
    }

    [Fact]
    public void Only_engine_unavailable_failures_are_looked_at()
    {
        var refused = new NpgsqlException("refused", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(ConnectionFailure.ProvesUnreachable(Unavailable(refused)));
        Assert.False(ConnectionFailure.ProvesUnreachable(new DynamicDbException(ErrorCodes.SqlTimeout, "slow", isTransient: true, refused)));
        Assert.False(ConnectionFailure.ProvesUnreachable(refused));
        Assert.False(ConnectionFailure.ProvesUnreachable(null));
        Assert.False(ConnectionFailure.ProvesUnreachable(new DynamicDbException(ErrorCodes.EngineUnavailable, "the group is failing over", isTransient: true)));
    }

    private static DynamicDbException Unavailable(Exception cause) =>
        new(ErrorCodes.EngineUnavailable, $"The PostgreSQL server cannot be reached: {cause.Message}", isTransient: true, cause);
}
