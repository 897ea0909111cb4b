using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers;

/// <summary>Rules first (the first match wins), then the model, then Medium from the default.</summary>
public sealed class TierClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_rule_beats_the_model_and_the_first_matching_rule_wins()
    {
        var classifier = Classifier(TinyTierModel.Path,
            new TierRule { App = "billing", Tier = "High" },
            new TierRule { ApplicationNamePrefix = "etl", Tier = "Background" },
            new TierRule { App = "billing", Tier = "Low" });

        var billing = classifier.Classify(Profile("billing", "nightly", Batch));
        var etl = classifier.Classify(Profile("shop", "ETL-orders", Writer));
        var model = classifier.Classify(Profile("shop", "web", Batch));

        Assert.Equal(new TierAssignment(Tier.High, TierSources.Rule, 1, 0, Now), billing.Assignment);
        Assert.Null(billing.Scores);
        Assert.Equal((Tier.Background, TierSources.Rule, (int?)1), (etl.Assignment.Tier, etl.Assignment.Source, etl.Assignment.Rule));
        Assert.Equal((Tier.Background, TierSources.Model, (int?)null), (model.Assignment.Tier, model.Assignment.Source, model.Assignment.Rule));
        Assert.Equal(model.Scores!.Value.Background, model.Assignment.Confidence);
    }

    [Fact]
    public void A_rule_matches_only_when_every_field_it_sets_matches()
    {
        var classifier = Classifier(null, new TierRule { App = "shop", Database = "orders", Tier = "low" });

        Assert.Equal(Tier.Low, classifier.Classify(Profile("shop", null, Writer, database: "orders")).Assignment.Tier);
        Assert.Equal(TierSources.Default, classifier.Classify(Profile("shop", null, Writer, database: "carts")).Assignment.Source);
        Assert.Equal(TierSources.Default, classifier.Classify(Profile("shopping", null, Writer, database: "orders")).Assignment.Source);
    }

    [Fact]
    public void Without_a_model_or_a_matching_rule_a_session_is_Medium_from_the_default()
    {
        var classifier = Classifier(null);

        var decision = classifier.Classify(Profile("shop", "web", Writer));

        Assert.Equal(TierAssignment.Default with { At = Now }, decision.Assignment);
        Assert.False(classifier.HasModel);
    }

    [Fact]
    public void A_session_with_fewer_than_MinStatements_statements_is_Medium_from_the_default_unless_a_rule_matches()
    {
        var classifier = Classifier(TinyTierModel.Path, new TierRule { App = "billing", Tier = "High" });
        var young = Load(reads: 1, writes: 8, transactions: 9);

        var scored = classifier.Classify(Profile("shop", "web", Batch));
        var unscored = classifier.Classify(Profile("shop", "web", young));
        var ruled = classifier.Classify(Profile("billing", "web", young));

        Assert.Equal(TierSources.Model, scored.Assignment.Source);
        Assert.Equal(TierAssignment.Default with { At = Now }, unscored.Assignment);
        Assert.Null(unscored.Scores);
        Assert.Equal((Tier.High, TierSources.Rule), (ruled.Assignment.Tier, ruled.Assignment.Source));
    }

    internal static TierClassifier Classifier(string? modelPath, params TierRule[] rules)
    {
        var options = new TierOptions { ModelPath = modelPath ?? Path.Combine(Path.GetTempPath(), "no-such-dir", "tier-model.zip"), Rules = [.. rules] };
        var source = new TierModelSource(NullLogger<TierModelSource>.Instance);
        if (modelPath is null)
        {
            // An explicit path that is missing would be an error; this one stands for "no model".
            Assert.NotNull(source.Error(options));
        }

        return new TierClassifier(Options.Create(options), source, new TierMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()), new ManualTimeProvider(Now));
    }

    private static readonly SessionLoad Writer = Load(reads: 1, writes: 9, transactions: 10);
    private static readonly SessionLoad Batch = Load(reads: 1, writes: 599, transactions: 5);

    internal static SessionLoad Load(long reads, long writes, long transactions, long rows = 10)
    {
        var statements = reads + writes;
        return new SessionLoad(statements, reads, writes, 0, reads / (double)statements, statements - transactions, transactions,
            statements / (double)transactions, 1, 1, 2, rows, rows * 10, statements, 1);
    }

    internal static SessionProfile Profile(string app, string? applicationName, SessionLoad load, string database = "orders") => new(
        "pg-1", SessionProtocols.PgWire, SessionStates.Open, app, database, app, "127.0.0.1", 5000, "silo", SessionPrivileges.App, "key:sha256:0", null,
        applicationName, applicationName is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["application_name"] = applicationName },
        Now, Now, null, null, load);
}
