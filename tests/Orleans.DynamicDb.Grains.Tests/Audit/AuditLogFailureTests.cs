using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Audit;

/// <summary>An audit row that cannot be written is never silent: the append fails with <c>audit.unavailable</c> and is counted.</summary>
public sealed class AuditLogFailureTests
{
    [Fact]
    public async Task An_append_to_an_unreachable_catalog_fails_with_audit_unavailable_and_counts_a_failure_not_a_row()
    {
        using var recorder = MetricRecorder.WithOwnFactory(AuditMetrics.RowsInstrument, AuditMetrics.AppendFailuresInstrument);
        // A loopback port nothing listens on.
        using var log = new AdoNetAuditLog("Npgsql", $"Host=127.0.0.1;Port={FreePort.Next()};Username=nobody;Password=x;Timeout=2",
            TimeProvider.System, new AuditMetrics(recorder.Factory), NullLogger<AdoNetAuditLog>.Instance);

        var failure = await Assert.ThrowsAsync<DynamicDbException>(() =>
            log.AppendAsync(new AuditEntry("admin:ops", AuditActions.FailoverRequested, "pg-ha", AuditResults.Accepted)));

        Assert.Equal(ErrorCodes.AuditUnavailable, failure.ErrorCode);
        Assert.Contains("failover.requested", failure.Message);
        Assert.Contains("dyndb_audit", failure.Message);
        Assert.Equal(1, recorder.Sum(AuditMetrics.AppendFailuresInstrument, ("action", AuditActions.FailoverRequested)));
        Assert.Equal(0, recorder.Sum(AuditMetrics.RowsInstrument));
    }
}
