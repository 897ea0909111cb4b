using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Whether a rewound member can find the WAL it must replay before it is consistent.</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>
    /// After <c>pg_rewind</c>, the member replays from the last checkpoint its old and new timelines share (the
    /// <c>START WAL LOCATION</c> of the <c>backup_label</c> pg_rewind writes), streaming that WAL from the primary. A
    /// primary whose checkpoints have already recycled it (small segments, busy writes, an old fork point) leaves the
    /// member waiting for WAL that never comes until its start times out (<c>StartTimeout</c>, 60 s: the 62 s rebuild of
    /// the failover bench). Answers null when the primary still has the first segment needed (under any timeline's name),
    /// else why not — then the rebuild takes a fresh base backup at once.
    /// </summary>
    private async Task<string?> RewoundWalMissingAsync(string directory, string member, CancellationToken cancellationToken)
    {
        var label = Path.Combine(directory, "backup_label");
        var start = File.Exists(label) ? StartSegment().Match(await File.ReadAllTextAsync(label, cancellationToken).ConfigureAwait(false)) : Match.Empty;
        if (!start.Success)
        {
            return null;
        }

        var (location, file) = (start.Groups["lsn"].Value, start.Groups["file"].Value);
        // The file name is the timeline (8 hex digits) and the segment (16): the segment may be under a later timeline's name.
        // Only the primary counts: the member's own copy of that segment is its old timeline's, which pg_rewind may have
        // left incomplete (seen: a rewound member waiting for WAL inside a segment its pg_wal held).
        var segment = file[8..];
        var primary = Layout.Primary;
        var onPrimary = await MemberSql.ScalarAsync<long>(ConnectionString(primary),
            "SELECT count(*) FROM pg_ls_waldir() WHERE name LIKE '%' || $1", cancellationToken, segment).ConfigureAwait(false);
        return onPrimary > 0
            ? null
            : $"the WAL rewound member {member} must replay from {location} (segment {file}) is no longer on primary {primary}";
    }

    [GeneratedRegex(@"^START WAL LOCATION: (?<lsn>[0-9A-F]+/[0-9A-F]+) \(file (?<file>[0-9A-F]{24})\)", RegexOptions.Multiline)]
    private static partial Regex StartSegment();
}
