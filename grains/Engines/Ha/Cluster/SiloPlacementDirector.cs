using Orleans.DynamicDb.Errors;
using Orleans.Runtime.Placement;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// Activates a <see cref="SiloPlacement"/> grain on the silo its key names, and nowhere else: while that silo is not one
/// of the active, compatible silos the activation (and so the call) fails with <c>engine.unavailable</c>.
/// </summary>
internal sealed class SiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = SiloPlacement.SiloOf(key) ?? throw new DynamicDbException(ErrorCodes.RequestInvalid,
            $"The grain '{target.GrainIdentity}' is placed on the silo its key names, but '{key}' names none (expected '{{owner}}/{{host:port@generation}}').");
        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"The silo {silo} is not an active member of the cluster; the grain '{target.GrainIdentity}' lives only there.", isTransient: true);
    }
}
