namespace Orleans.DynamicDb.Databases;

/// <summary>One page of a paged query (<see cref="IDatabaseGrain.QueryPageAsync"/>).</summary>
/// <param name="Columns">The column names, in result order (names may repeat); the same on every page.</param>
/// <param name="Rows">The rows of this page, values normalised as <see cref="QueryResult"/> documents.</param>
/// <param name="Cursor">
/// The id to read the next page with (<see cref="IDatabaseGrain.NextPageAsync"/>), or null when this is the last page.
/// An open cursor holds engine resources: read it to the end or close it (<see cref="IDatabaseGrain.CloseCursorAsync"/>).
/// </param>
/// <param name="Truncated">
/// True when the result had more rows than its caps (<see cref="QueryPaging.MaxRows"/>, <see cref="QueryPaging.MaxBytes"/>)
/// allow: this is the last page and the rest was not read.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.QueryPage")]
public sealed record QueryPage(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, string? Cursor, bool Truncated);
