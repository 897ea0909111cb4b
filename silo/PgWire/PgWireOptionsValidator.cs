using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>Checks <see cref="PgWireOptions"/> when the host starts; every failure names the setting.</summary>
internal sealed class PgWireOptionsValidator : IValidateOptions<PgWireOptions>
{
    /// <summary>The largest accepted <see cref="PgWireOptions.MaxMessageSize"/>: 1 GiB (PostgreSQL's own limit).</summary>
    public const int MaxMessageSizeLimit = 1 << 30;

    public ValidateOptionsResult Validate(string? name, PgWireOptions options)
    {
        var failures = new List<string>();
        if (!IPEndPoint.TryParse(options.Endpoint ?? "", out var endpoint) || !(options.Endpoint ?? "").Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"{PgWireOptions.Setting(nameof(options.Endpoint))} must be an address and port such as 127.0.0.1:6432; it is '{options.Endpoint}'.");
        }
        else if (endpoint.Port is < 0 or > 65535)
        {
            failures.Add($"{PgWireOptions.Setting(nameof(options.Endpoint))} has port {endpoint.Port}; it must be 0–65535.");
        }

        if (options.MaxConnections is < 1 or > 1_000_000)
        {
            failures.Add($"{PgWireOptions.Setting(nameof(options.MaxConnections))} must be between 1 and 1000000; it is {options.MaxConnections}.");
        }

        if (options.StartupTimeout <= TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{PgWireOptions.Setting(nameof(options.StartupTimeout))} must be between 00:00:00 (exclusive) and 00:10:00; it is {options.StartupTimeout}.");
        }

        if (options.IdleTimeout < TimeSpan.Zero)
        {
            failures.Add($"{PgWireOptions.Setting(nameof(options.IdleTimeout))} must not be negative (zero: never); it is {options.IdleTimeout}.");
        }

        if (options.MaxMessageSize is < 1024 or > MaxMessageSizeLimit)
        {
            failures.Add($"{PgWireOptions.Setting(nameof(options.MaxMessageSize))} must be between 1024 and {MaxMessageSizeLimit} bytes; it is {options.MaxMessageSize}.");
        }

        if (options.MaxConnectionsPerApp is < 0 or > 1_000_000)
        {
            failures.Add($"{PgWireOptions.Setting(nameof(options.MaxConnectionsPerApp))} must be between 0 (no limit of its own) and 1000000; it is {options.MaxConnectionsPerApp}.");
        }

        if (options.WriteTimeout <= TimeSpan.Zero || options.WriteTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{PgWireOptions.Setting(nameof(options.WriteTimeout))} must be between 00:00:00 (exclusive) and 01:00:00; it is {options.WriteTimeout}.");
        }

        ValidateTls(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTls(PgWireOptions options, List<string> failures)
    {
        var certificate = options.Certificate ?? new PgWireCertificateOptions();
        if (certificate.Path is not { Length: > 0 })
        {
            if (certificate.KeyPath is { Length: > 0 } || certificate.Password is { Length: > 0 })
            {
                failures.Add($"{PgWireOptions.Setting("Certificate:Path")} must be set when {PgWireOptions.Setting("Certificate:KeyPath")} or {PgWireOptions.Setting("Certificate:Password")} is.");
            }

            if (options.RequireTls)
            {
                failures.Add($"{PgWireOptions.Setting(nameof(options.RequireTls))} is true but no certificate is configured: set {PgWireOptions.Setting("Certificate:Path")}.");
            }

            return;
        }

        using var loaded = PgWireCertificate.TryLoad(certificate, out var problem);
        if (problem is not null)
        {
            failures.Add(problem);
        }
    }
}
