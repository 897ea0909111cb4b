using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Validates <see cref="ReplicationGroupOptions"/>; every failure names the setting (prefixed by where it was bound).</summary>
public sealed class ReplicationGroupOptionsValidator : IValidateOptions<ReplicationGroupOptions>
{
    /// <summary>The binaries a group runs.</summary>
    public static readonly IReadOnlyList<string> Binaries = ["initdb", "pg_ctl", "postgres", "pg_basebackup", "pg_rewind"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ReplicationGroupOptions options)
    {
        var failures = Validate(options, "ReplicationGroup");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem found, as sentences naming the setting as <c>{at}:{Setting}</c>; empty when the settings are valid.</summary>
    public static IReadOnlyList<string> Validate(ReplicationGroupOptions options, string at)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Length > 63
            || !options.Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
        {
            failures.Add($"{at}:Name: '{options.Name}' is invalid; use 1–63 characters from a–z, 0–9, '_' and '-'.");
        }

        Require(options.Replicas is >= 0 and <= ReplicationGroupOptions.MaxReplicas,
            $"{at}:Replicas: must be between 0 and {ReplicationGroupOptions.MaxReplicas}, not {options.Replicas}.", failures);
        var missing = Binaries.Where(b => !File.Exists(Path.Combine(options.BinDirectory ?? "", b))).ToList();
        Require(missing.Count == 0,
            $"{at}:BinDirectory: '{options.BinDirectory}' lacks {string.Join(", ", missing)}; point it at the PostgreSQL 15 binaries (e.g. install postgresql-15 for {EngineOptions.DefaultBinDirectory}).", failures);
        Require(!string.IsNullOrWhiteSpace(options.DataDirectory), $"{at}:DataDirectory: is required.", failures);
        Require(options.PortRangeStart is >= 1 and <= 65535, $"{at}:PortRangeStart: {options.PortRangeStart} is not a TCP port (1–65535).", failures);
        Require(options.PortRangeEnd is >= 1 and <= 65535 && options.PortRangeEnd >= options.PortRangeStart,
            $"{at}:PortRangeEnd: {options.PortRangeEnd} must be a TCP port no lower than PortRangeStart ({options.PortRangeStart}).", failures);
        var members = Math.Max(0, options.Replicas) + 1;
        Require(options.PortRangeEnd - options.PortRangeStart + 1 >= members,
            $"{at}:PortRangeEnd: {members} members need as many ports, but PortRangeStart..PortRangeEnd ({options.PortRangeStart}..{options.PortRangeEnd}) holds {Math.Max(0, options.PortRangeEnd - options.PortRangeStart + 1)}.", failures);
        Require(options.StartTimeout > TimeSpan.Zero, $"{at}:StartTimeout: must be positive, not {options.StartTimeout}.", failures);
        Require(options.ReplicationTimeout > TimeSpan.Zero, $"{at}:ReplicationTimeout: must be positive, not {options.ReplicationTimeout}.", failures);
        Require(options.CommandTimeout >= TimeSpan.FromSeconds(1),
            $"{at}:CommandTimeout: must be at least 1 second, not {options.CommandTimeout}.", failures);
        return failures;
    }

    private static void Require(bool condition, string failure, List<string> failures)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
