namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>One side of a <see cref="MovePlan"/>.</summary>
internal enum MoveSide
{
    /// <summary>The engine the database lives on now (where it is copied from).</summary>
    Source,

    /// <summary>The engine the database is moved to.</summary>
    Target,
}
