namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>One column of a <see cref="TableMove"/>.</summary>
/// <param name="Name">The column name (the same on both sides).</param>
/// <param name="SourceType">The declared type on the source (SQLite declared type, PostgreSQL <c>format_type</c>).</param>
/// <param name="TargetType">The declared type on the target.</param>
/// <param name="Kind">How values are carried and compared.</param>
/// <param name="NotNull">True when the column is NOT NULL.</param>
/// <param name="SourceDefault">The default expression on the source, null when none.</param>
/// <param name="TargetDefault">The translated default for the target, null when none.</param>
/// <param name="Identity">True for an auto-assigned integer key (SQLite INTEGER PRIMARY KEY, PostgreSQL identity/serial).</param>
internal sealed record ColumnMove(
    string Name, string SourceType, string TargetType, ValueKind Kind, bool NotNull, string? SourceDefault, string? TargetDefault, bool Identity)
{
    /// <summary>The declared type on <paramref name="side"/>.</summary>
    public string TypeOn(MoveSide side) => side == MoveSide.Source ? SourceType : TargetType;

    /// <summary>The column seen from the other direction.</summary>
    public ColumnMove Reversed() => this with { SourceType = TargetType, TargetType = SourceType, SourceDefault = TargetDefault, TargetDefault = SourceDefault };
}
