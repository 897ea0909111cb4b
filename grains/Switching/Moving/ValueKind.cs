namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// How the values of one column are carried between the two sides, read, written and compared (see
/// <see cref="MoveValues"/>). Each kind has one canonical .NET type.
/// </summary>
internal enum ValueKind
{
    /// <summary>SQLite to SQLite: any value as SQLite stores it (long, double, string, byte[]).</summary>
    Any,

    /// <summary>A 64-bit integer (<see cref="long"/>).</summary>
    Integer,

    /// <summary>A double (<see cref="double"/>).</summary>
    Real,

    /// <summary>Text (<see cref="string"/>); also PostgreSQL values kept as their canonical text (timestamps, uuid, json, numeric to SQLite).</summary>
    Text,

    /// <summary>Bytes (<c>byte[]</c>).</summary>
    Blob,

    /// <summary>An exact decimal number (<see cref="decimal"/>): SQLite NUMERIC/DECIMAL to PostgreSQL numeric.</summary>
    Numeric,

    /// <summary>A boolean (<see cref="bool"/>), stored by SQLite as 0/1.</summary>
    Boolean,

    /// <summary>PostgreSQL to PostgreSQL: any value as its PostgreSQL text form, cast to the column's type when written.</summary>
    PgText,
}
