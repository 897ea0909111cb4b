using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>
/// Where one activation of a grain lives: the grain, the silo hosting it and the activation's id on that silo. Two
/// addresses are equal only if all three are, so a later activation of the same grain on the same silo is a different
/// address.
/// </summary>
/// <param name="GrainId">The grain.</param>
/// <param name="Silo">The silo hosting the activation.</param>
/// <param name="ActivationId">The activation's id, unique on its silo (e.g. a GUID in "N" form).</param>
public sealed record GrainAddress(GrainId GrainId, SiloAddress Silo, string ActivationId)
{
    public override string ToString() => $"{GrainId}@{Silo}#{ActivationId}";
}
