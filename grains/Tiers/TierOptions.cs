namespace Orleans.DynamicDb.Tiers;

/// <summary>How sessions are classified into tiers (docs/tiers.md, "Classification"). Section <see cref="SectionName"/>.</summary>
public sealed class TierOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Tiers";

    /// <summary>The model file's name beside the silo's binaries, used when <see cref="ModelPath"/> is not set.</summary>
    public const string DefaultModelFile = "tier-model.zip";

    /// <summary>
    /// The trained ML.NET model (ml/README.md). Default: null, which means <c>tier-model.zip</c> beside the silo's
    /// binaries, used when it is there (a warning once when not: sessions get rules or Medium). A path that is set
    /// must be a loadable model, or the silo does not start.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Rules that win over the model, tried in order; the first whose set fields all match gives the tier. Default: none.
    /// </summary>
    public List<TierRule> Rules { get; set; } = [];

    /// <summary>
    /// How much more probable (0–1) a new tier must be than the session's current one before the session may move to
    /// it. Default: 0.15.
    /// </summary>
    public double SwitchMargin { get; set; } = 0.15;

    /// <summary>How long a new tier must keep winning by <see cref="SwitchMargin"/> before the session moves. Default: 10 seconds.</summary>
    public TimeSpan MinDwell { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many statements a session must have run before the model scores it (0–1,000,000): a session that has run
    /// fewer has no load to judge (its features are outside what the model was trained on), so it stays
    /// <see cref="Tier.Medium"/> from <see cref="TierSources.Default"/> unless a rule matches. Default: 10.
    /// </summary>
    public int MinStatements { get; set; } = 10;

    /// <summary>The shortest time between two re-scorings of one session as its reports arrive. Default: 2 seconds.</summary>
    public TimeSpan RescoreInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The full name of setting <paramref name="property"/>, for error messages.</summary>
    public static string Setting(string property) => $"{SectionName}:{property}";

    /// <summary>The model path in effect: <see cref="ModelPath"/>, or <see cref="DefaultModelFile"/> beside the binaries.</summary>
    public string EffectiveModelPath => string.IsNullOrWhiteSpace(ModelPath) ? Path.Combine(AppContext.BaseDirectory, DefaultModelFile) : ModelPath;
}
