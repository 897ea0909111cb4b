namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>A column as one engine describes it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The declared type (SQLite, possibly empty) or <c>format_type</c> (PostgreSQL).</param>
/// <param name="NotNull">True when NOT NULL.</param>
/// <param name="KeyOrdinal">1-based position in the primary key, 0 when not in it.</param>
/// <param name="Default">The default expression's text, null when none.</param>
/// <param name="Identity">True for an auto-assigned integer key.</param>
/// <param name="Problem">Why the column cannot move whatever the target (an array, a user-defined type...), or null.</param>
internal sealed record StoreColumn(string Name, string Type, bool NotNull, int KeyOrdinal, string? Default, bool Identity, string? Problem = null);
