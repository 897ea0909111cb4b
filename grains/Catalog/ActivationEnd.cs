namespace Orleans.DynamicDb.Catalog;

/// <summary>How a database activation recorded in <c>dyndb_activations</c> ended.</summary>
public static class ActivationEnd
{
    /// <summary>It deactivated normally (hibernation, silo shutdown) and recorded it.</summary>
    public const string Hibernated = "hibernated";

    /// <summary>The database was dropped.</summary>
    public const string Dropped = "dropped";

    /// <summary>
    /// A later activation claimed a newer epoch while this one had not recorded its end: its silo died, or it was still
    /// running (a second activation) — then it also records <see cref="Fenced"/> when it notices.
    /// </summary>
    public const string Abandoned = "abandoned";

    /// <summary>The activation found its epoch superseded by a newer activation while it was running, refused to write and deactivated.</summary>
    public const string Fenced = "fenced";
}
