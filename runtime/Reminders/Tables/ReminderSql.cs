using System.Data.Common;

namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>The SQL of <see cref="AdoNetReminderTable"/> for one table; the same text runs on SQLite and PostgreSQL.</summary>
internal sealed class ReminderSql(string table)
{
    private const string Columns = "grain_type, grain_key, reminder_name, start_at_ticks, period_ticks, etag";
    private const string GrainKey = "grain_type = @grain_type AND grain_key = @grain_key";

    public string SelectGrain { get; } = $"SELECT {Columns} FROM {table} WHERE {GrainKey}";

    public string SelectRow { get; } = $"SELECT {Columns} FROM {table} WHERE {GrainKey} AND reminder_name = @reminder_name";

    /// <summary>Hashes in (begin, end] when begin &lt; end.</summary>
    public string SelectInside { get; } = $"SELECT {Columns} FROM {table} WHERE grain_hash > @begin AND grain_hash <= @end";

    /// <summary>Hashes in (begin, max] or [0, end] when the range wraps (begin &gt; end).</summary>
    public string SelectWrapped { get; } = $"SELECT {Columns} FROM {table} WHERE grain_hash > @begin OR grain_hash <= @end";

    public string SelectAll { get; } = $"SELECT {Columns} FROM {table}";

    public string Upsert { get; } =
        $"INSERT INTO {table} (grain_type, grain_key, reminder_name, grain_hash, start_at_ticks, period_ticks, etag) "
        + "VALUES (@grain_type, @grain_key, @reminder_name, @grain_hash, @start_at_ticks, @period_ticks, @etag) "
        + "ON CONFLICT (grain_type, grain_key, reminder_name) DO UPDATE SET grain_hash = excluded.grain_hash, "
        + "start_at_ticks = excluded.start_at_ticks, period_ticks = excluded.period_ticks, etag = excluded.etag";

    public string Delete { get; } = $"DELETE FROM {table} WHERE {GrainKey} AND reminder_name = @reminder_name AND etag = @etag";

    public string DeleteAll { get; } = $"DELETE FROM {table}";

    /// <summary>
    /// Version 1. Times are stored as .NET ticks (UTC) so they round-trip exactly; grain_hash holds the uint ring
    /// position in a BIGINT so range comparisons are unsigned.
    /// </summary>
    public IReadOnlyList<string> CreateTable() =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {table} (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            grain_hash BIGINT NOT NULL,
            start_at_ticks BIGINT NOT NULL,
            period_ticks BIGINT NOT NULL,
            etag TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_key, reminder_name))
        """,
        $"CREATE INDEX IF NOT EXISTS {table}_grain_hash ON {table} (grain_hash)",
    ];

    public static ReminderEntry ReadEntry(DbDataReader reader) => new()
    {
        GrainId = new GrainId(reader.GetString(0), reader.GetString(1)),
        ReminderName = reader.GetString(2),
        StartAt = new DateTime(reader.GetInt64(3), DateTimeKind.Utc),
        Period = TimeSpan.FromTicks(reader.GetInt64(4)),
        ETag = reader.GetString(5),
    };
}
