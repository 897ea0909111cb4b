using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>What <see cref="DatabaseMover.PlanAsync"/> decided: which tables move from which engine to which, with their types.</summary>
/// <param name="Name">The database.</param>
/// <param name="Source">The engine the database lives on now.</param>
/// <param name="Target">The engine it moves to.</param>
/// <param name="Tables">The tables, in name order.</param>
/// <param name="SourceBytes">The source database's size in bytes when planned.</param>
internal sealed record MovePlan(DatabaseName Name, IDatabaseEngine Source, IDatabaseEngine Target, IReadOnlyList<TableMove> Tables, long SourceBytes)
{
    /// <summary>The source engine's id.</summary>
    public string SourceEngineId => Source.Id;

    /// <summary>The target engine's id.</summary>
    public string TargetEngineId => Target.Id;

    /// <summary>The engine on <paramref name="side"/>.</summary>
    public IDatabaseEngine Engine(MoveSide side) => side == MoveSide.Source ? Source : Target;

    /// <summary>The engine on <paramref name="side"/> with its direct access.</summary>
    internal IDirectAccessEngine Direct(MoveSide side) => (IDirectAccessEngine)Engine(side);

    /// <summary>The table named <paramref name="name"/>, or null.</summary>
    public TableMove? Table(string name) => Tables.FirstOrDefault(t => t.Name == name);
}
