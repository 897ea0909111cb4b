using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>Starting and stopping the PostgreSQL process of one database.</summary>
public sealed partial class ManagedPostgresEngine
{
    private const int StartAttempts = 3;
    private const long MaxLogBytes = 10 * 1024 * 1024;

    /// <summary>Server connections beyond the pool: the maintenance connection at wake, and room for an operator.</summary>
    private const int ReservedConnections = 10;

    private async Task<ManagedInstance> StartAsync(DatabaseName name, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _instanceSlots) > _options.MaxInstances)
        {
            Interlocked.Decrement(ref _instanceSlots);
            throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"Engine '{Id}' already runs its maximum of {_options.MaxInstances} instances; database {name} cannot wake until one hibernates.", isTransient: true);
        }

        var cluster = ClusterDirectory(name);
        int? port = null;
        try
        {
            var started = Stopwatch.GetTimestamp();
            (port, var adopted) = await AdoptOrLaunchAsync(name, cluster, cancellationToken).ConfigureAwait(false);
            var server = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port.Value,
                Username = "postgres",
                Password = ReadPassword(cluster),
                Database = "postgres",
                Timeout = 15,
            }.ConnectionString;
            var login = await EnsureDatabaseAsync(name, server, cancellationToken).ConfigureAwait(false);
            var tenant = PostgresConnectionStrings.ForTenant(server, name.FullName, login, _options);
            var dataSource = NpgsqlDataSource.Create(tenant);
            if (!adopted)
            {
                EngineLog.InstanceStarted(_logger, name.FullName, port.Value, EngineLog.ElapsedMs(started));
            }

            return new ManagedInstance(name, cluster, port.Value, dataSource, tenant);
        }
        catch (Exception e)
        {
            if (port is { } leased)
            {
                await StopQuietlyAsync(name, cluster, leased).ConfigureAwait(false);
            }

            Interlocked.Decrement(ref _instanceSlots);
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                    $"The PostgreSQL instance of database {name} could not be prepared in '{cluster}': {e.Message}", isTransient: false, e);
            }

            throw;
        }
    }

    /// <summary>Returns the port of an instance left running by an earlier process, or starts one on a free port.</summary>
    private async Task<(int Port, bool Adopted)> AdoptOrLaunchAsync(DatabaseName name, string cluster, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(cluster, "postmaster.pid")) && await _tools.IsRunningAsync(cluster, cancellationToken).ConfigureAwait(false)
            && ReadPidFilePort(cluster) is { } running)
        {
            _ports.Adopt(running);
            EngineLog.InstanceAdopted(_logger, name.FullName, running);
            return (running, true);
        }

        var portFile = Path.Combine(Path.GetDirectoryName(cluster)!, PortFileName);
        var preferred = File.Exists(portFile) && int.TryParse(await File.ReadAllTextAsync(portFile, cancellationToken).ConfigureAwait(false), out var previous) ? previous : (int?)null;
        var logFile = RotateLog(cluster);
        for (var attempt = 1; ; attempt++)
        {
            var port = _ports.Lease(preferred);
            var result = await _tools.StartAsync(cluster, port, _options.MaxPoolSize + ReservedConnections, logFile, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                await File.WriteAllTextAsync(portFile, port.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                return (port, false);
            }

            _ports.Release(port);
            var log = Tail(logFile);
            // Another process took the port between the probe and the bind: try another one.
            if (attempt < StartAttempts && log.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                preferred = null;
                continue;
            }

            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"The PostgreSQL instance of database {name} did not start on port {port}: {result.Output} {log}".TrimEnd(), isTransient: true);
        }
    }

    /// <summary>Creates the database and its tenant role inside the instance (or migrates an older one); returns the tenant's login.</summary>
    private async Task<TenantLogin> EnsureDatabaseAsync(DatabaseName name, string server, CancellationToken cancellationToken)
    {
        try
        {
            var admin = new NpgsqlConnection(PostgresConnectionStrings.ForMaintenance(server, pooling: false));
            await using var adminScope = admin.ConfigureAwait(false);
            await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
            return (await TenantDatabase.EnsureAsync(admin, server, name.FullName, new TenantPasswords(Secrets, Id, _logger), cancellationToken: cancellationToken, logger: _logger).ConfigureAwait(false)).Login;
        }
        catch (Exception e) when (PostgresErrors.Map(e, name) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>Closes the pool, stops the process and frees the port. Must hold the database's lock.</summary>
    private async Task StopAsync(ManagedInstance instance, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _running.TryRemove(instance.Name.FullName, out _);
        Interlocked.Decrement(ref _instanceSlots);
        await instance.DataSource.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _tools.StopAsync(instance.ClusterDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (DynamicDbException e)
        {
            EngineLog.InstanceStopFailed(_logger, e, instance.Name.FullName, instance.Port);
            if (await _tools.IsRunningAsync(instance.ClusterDirectory, CancellationToken.None).ConfigureAwait(false))
            {
                // The port stays unusable while the process lives; the next open adopts the instance if it still runs.
                throw;
            }

            // Already gone (stopped by another process, or crashed): nothing left to stop.
        }
        finally
        {
            _ports.Release(instance.Port);
        }

        EngineLog.InstanceStopped(_logger, instance.Name.FullName, instance.Port, EngineLog.ElapsedMs(started));
    }

    private async Task StopQuietlyAsync(DatabaseName name, string cluster, int port)
    {
        try
        {
            if (await _tools.IsRunningAsync(cluster, CancellationToken.None).ConfigureAwait(false))
            {
                await _tools.StopAsync(cluster, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (DynamicDbException e)
        {
            EngineLog.InstanceStopFailed(_logger, e, name.FullName, port);
        }
        finally
        {
            _ports.Release(port);
        }
    }

    /// <summary>Line 4 of postmaster.pid is the port the running server listens on.</summary>
    private static int? ReadPidFilePort(string cluster)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(cluster, "postmaster.pid"));
            return lines.Length > 3 && int.TryParse(lines[3].Trim(), out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The server log path; a log grown past 10 MB is kept as server.log.1 and a new one begun.</summary>
    private static string RotateLog(string cluster)
    {
        var log = Path.Combine(cluster, "server.log");
        if (File.Exists(log) && new FileInfo(log).Length > MaxLogBytes)
        {
            File.Move(log, log + ".1", overwrite: true);
        }

        return log;
    }

    private static string Tail(string logFile)
    {
        try
        {
            var lines = File.ReadAllLines(logFile);
            return string.Join(' ', lines.Skip(Math.Max(0, lines.Length - 5)));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
