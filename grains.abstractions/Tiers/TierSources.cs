namespace Orleans.DynamicDb.Tiers;

/// <summary>Where a session's tier came from (<see cref="TierAssignment.Source"/>).</summary>
public static class TierSources
{
    /// <summary>A configured rule (<c>DynamicDb:Tiers:Rules:N</c>) matched; rules win over the model.</summary>
    public const string Rule = "rule";

    /// <summary>The trained classifier scored the session's profile.</summary>
    public const string Model = "model";

    /// <summary>Neither a rule nor a model applied (no model file configured or loadable): <see cref="Tier.Medium"/>.</summary>
    public const string Default = "default";
}
