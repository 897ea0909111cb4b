using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>
/// The cluster-wide record of which activation serves each grain: at most one entry per grain, which is what keeps a
/// grain to one activation in the cluster. Shaped like Orleans' <c>IGrainDirectory</c>; one instance serves one cluster.
/// <para>
/// The directory does not know which silos are alive: it treats every stored entry as valid until it is replaced or
/// removed. Validating an entry's silo against the membership table is the caller's job, by this protocol:
/// </para>
/// <list type="number">
/// <item>To activate grain G on this silo, call <c>winner = Register(mine)</c>. If <c>winner == mine</c>, this silo owns G.
/// Otherwise, if <c>winner.Silo</c> is a live member, forward G's calls there and drop the local activation.</item>
/// <item>If <c>winner.Silo</c> is known dead (Dead in the membership table, or missing from it with a newer generation of
/// the same endpoint present), take over with <c>winner = Register(mine, previous: winner)</c> and check the result the
/// same way: a concurrent taker-over may have won.</item>
/// <item>Whoever sees a silo declared dead calls <see cref="UnregisterSilos"/> with it (idempotent; any number of silos
/// may do it), so its entries go away without waiting for each grain's next call.</item>
/// <item>On deactivation, call <see cref="Unregister"/> with the activation's own address: it removes nothing if the entry
/// was already replaced by a successor.</item>
/// <item><see cref="Lookup"/> results are validated like <c>Register</c>'s: an entry on a dead silo is taken over (step 2).</item>
/// </list>
/// <para>
/// A silo that was declared dead but has not noticed yet (a zombie) can still register entries after
/// <see cref="UnregisterSilos"/> ran; step 2 replaces them on their next use.
/// </para>
/// Failures of the store itself surface as exceptions.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>
    /// Stores <paramref name="address"/> if its grain has no entry; never replaces an existing entry. Atomic: of any number
    /// of concurrent registrations of one grain, exactly one is stored and every caller gets that one back.
    /// </summary>
    /// <returns>The grain's entry after the call: <paramref name="address"/> if it was stored (or was already the entry), else the existing entry.</returns>
    Task<GrainAddress> Register(GrainAddress address);

    /// <summary>
    /// Stores <paramref name="address"/> if its grain has no entry or if the entry equals <paramref name="previous"/>
    /// (all three fields); with a null <paramref name="previous"/> this is <see cref="Register(GrainAddress)"/>. Used to take
    /// a grain over from a dead silo. Atomic, like <see cref="Register(GrainAddress)"/>.
    /// </summary>
    /// <returns>
    /// The grain's entry after the call: <paramref name="address"/> if it was stored, else the entry that is there (which
    /// the caller validates again). Nullable for Orleans' shape; these implementations always return an entry.
    /// </returns>
    Task<GrainAddress?> Register(GrainAddress address, GrainAddress? previous);

    /// <summary>The grain's entry, or null when it has none.</summary>
    Task<GrainAddress?> Lookup(GrainId grainId);

    /// <summary>Removes the grain's entry only if it equals <paramref name="address"/> exactly; otherwise does nothing.</summary>
    Task Unregister(GrainAddress address);

    /// <summary>Removes every entry on any of <paramref name="silos"/>; entries that moved to other silos stay. Idempotent.</summary>
    Task UnregisterSilos(IReadOnlyList<SiloAddress> silos);
}
