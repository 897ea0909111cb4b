using System.Net;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// One engine's lowered CPU priority for the Low and Background tiers (<see cref="EngineOptions.LowTierNice"/>): renices
/// each new server process of a low-priority pool (<see cref="LowTierPool"/>) as it connects. The first refusal (not
/// Linux, the server not on this machine, no permission) is logged once and turns it off for the engine: from then on
/// those tiers run on the normal pool. Thread-safe.
/// </summary>
internal sealed partial class LowTierPriority
{
    private const int Untried = 0;
    private const int Lowered = 1;
    private const int Refused = 2;

    private readonly string _engineId;
    private readonly int _nice;
    private readonly ILogger _logger;
    private readonly EngineMetrics? _metrics;
    private int _state;

    /// <summary>The engine <paramref name="engineId"/>'s priority: <paramref name="nice"/> for new low-priority server processes, 0 off.</summary>
    public LowTierPriority(string engineId, int nice, ILogger logger, EngineMetrics? metrics)
    {
        _engineId = engineId;
        _nice = nice;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The nice value new low-priority server processes get; 0 is off.</summary>
    public int Nice => _nice;

    /// <summary>True while Low and Background statements should run on the low-priority pool: on, and not refused.</summary>
    public bool Enabled => _nice > 0 && Volatile.Read(ref _state) != Refused;

    /// <summary>
    /// <c>off</c> (<see cref="EngineOptions.LowTierNice"/> 0), <c>pending</c> (no low-priority server process yet),
    /// <c>active</c> (at least one lowered, none refused) or <c>refused</c> (turned off for the engine, see the log).
    /// </summary>
    public string Status => _nice == 0 ? "off" : Volatile.Read(ref _state) switch
    {
        Lowered => "active",
        Refused => "refused",
        _ => "pending",
    };

    /// <summary>Lowers the priority of <paramref name="connection"/>'s new server process (a physical connection initializer).</summary>
    public void Lower(NpgsqlConnection connection) => Lower(connection.Host, connection.ProcessID);

    /// <summary>Lowers the priority of server process <paramref name="pid"/> of the server on <paramref name="host"/>, or turns it off for the engine.</summary>
    internal void Lower(string? host, int pid)
    {
        if (!Enabled)
        {
            return;
        }

        var errno = IsLocal(host) ? BackendPriority.TryLower(pid, _nice) : BackendPriority.NoSuchProcess;
        if (errno == 0)
        {
            Interlocked.CompareExchange(ref _state, Lowered, Untried);
            _metrics?.LoweredBackend(_engineId);
            return;
        }

        if (Interlocked.Exchange(ref _state, Refused) != Refused)
        {
            LogRefused(_logger, _engineId, pid, _nice, errno, Reason(errno));
        }
    }

    /// <summary>True for a host on this machine: a loopback address, <c>localhost</c> or a Unix-socket directory.</summary>
    internal static bool IsLocal(string? host) =>
        string.IsNullOrEmpty(host) || host.StartsWith('/') || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static string Reason(int errno) => errno switch
    {
        BackendPriority.NotSupported => "not Linux",
        BackendPriority.NoSuchProcess => "the server process is not on this machine",
        1 or 13 => "no permission: run the silo as the server's user or give it CAP_SYS_NICE",
        _ => "setpriority failed",
    };

    [LoggerMessage(EventId = EventIds.LowTierNiceRefused, Level = LogLevel.Warning,
        Message = "Engine {EngineId} cannot lower the CPU priority of server process {Pid} to nice {Nice} (errno {Errno}: {Reason}); " +
        "its Low and Background statements run at normal priority from now on (LowTierNice)")]
    private static partial void LogRefused(ILogger logger, string engineId, int pid, int nice, int errno, string reason);
}
