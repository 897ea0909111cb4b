using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// The integrity check of a database that wakes (opens): whether it runs, and what a failed one becomes. A file up to
/// <c>Health:QuickCheckMaxBytes</c> is checked every time; a larger one only when its previous close was not clean. A
/// clean close (hibernation: checkpoint, pool cleared) lets SQLite delete the <c>-wal</c> and <c>-shm</c> files, so a
/// <c>-wal</c> file found before the first connection opens means the process stopped with the database open (a crash,
/// a kill, a power cut) or another connection still holds it. <c>PRAGMA quick_check</c> reads every page (10 MB: 7 ms
/// idle, 15–60 ms on a loaded machine; 100 MB: 70–90 ms idle, 120–500 ms loaded; a wake without it takes about 1 ms), so it
/// is too slow to pay on every wake of a large database. <c>quick_check(N)</c> does not bound it: N limits the problem
/// lines reported, not the pages read. Cancelling the open interrupts it.
/// </summary>
internal static class SqliteWakeCheck
{
    /// <summary>The most problem lines one check asks SQLite for (<c>quick_check(N)</c> bounds the lines, not the work).</summary>
    public const int MaxProblems = 10;

    private const string SchemaHeading = "*** in database main ***";
    private const int Corrupt = 11;
    private const int NotADatabase = 26;

    /// <summary>Why the existing file at <paramref name="path"/> must be checked before it serves, or null when it need not be.</summary>
    public static string? Reason(string path, long maxBytes)
    {
        if (File.Exists(path + "-wal"))
        {
            return "its previous close was not clean (a -wal file was left behind)";
        }

        var length = new FileInfo(path).Length;
        return length <= maxBytes
            ? string.Create(CultureInfo.InvariantCulture, $"its file ({length} bytes) is within Health:QuickCheckMaxBytes ({maxBytes})")
            : null;
    }

    /// <summary>Runs <c>PRAGMA quick_check</c> as the engine; answers the problem lines, empty when the database is sound.</summary>
    public static IReadOnlyList<string> Run(SqliteTenantConnection connection, CancellationToken cancellationToken)
    {
        using var engineStatement = connection.Policy.AsEngine();
        using var watch = SqliteStatementWatch.Start(connection, cancellationToken);
        using var command = new SqliteCommand(string.Create(CultureInfo.InvariantCulture, $"PRAGMA quick_check({MaxProblems})"), connection);
        var problems = new List<string>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var line = reader.IsDBNull(0) ? "" : reader.GetString(0);
                if (line != "ok")
                {
                    // SQLite heads the first problem of each schema with "*** in database main ***" on a line of its own.
                    problems.Add(line.StartsWith(SchemaHeading, StringComparison.Ordinal) ? line[SchemaHeading.Length..].TrimStart() : line);
                }
            }
        }
        catch (SqliteException e) when (IsCorruption(e))
        {
            problems.Add(e.Message);
        }
        catch (SqliteException) when (cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return problems;
    }

    /// <summary>True for SQLite's "database disk image is malformed" and "file is not a database" (any extended code).</summary>
    public static bool IsCorruption(SqliteException e) => (e.SqliteErrorCode & 0xFF) is Corrupt or NotADatabase;

    /// <summary>The error a database that failed its check answers: it names the database, the file and the first problem.</summary>
    public static DynamicDbException Failed(DatabaseName name, string engineId, string path, IReadOnlyList<string> problems, Exception? inner = null) =>
        new(ErrorCodes.DatabaseCorrupt,
            $"The database {name} on engine '{engineId}' is corrupt and was not opened: the integrity check (PRAGMA quick_check) of '{path}' "
            + $"found {(problems.Count >= MaxProblems ? $"{MaxProblems} or more problems" : Problems(problems.Count))}, the first: {problems[0]}. "
            + "Its files were left in place: restore the database from a backup, or repair a copy (e.g. sqlite3 .recover) and put it back.",
            isTransient: false, inner);

    private static string Problems(int count) => count == 1 ? "1 problem" : string.Create(CultureInfo.InvariantCulture, $"{count} problems");
}
