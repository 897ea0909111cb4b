namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>The phases of a switch (docs/switching.md) in order, with the words the live display shows for each.</summary>
public static class SwitchPhaseNames
{
    /// <summary>The phases a switch goes through, in order (<c>switching_back</c> only after a failed post-validation).</summary>
    public static IReadOnlyList<(string Phase, string Label)> All { get; } =
    [
        ("validating", "plan: check the target, plan the tables"),
        ("copying", "copy: snapshot to the target, writes captured"),
        ("catching_up", "catch-up: replay captured writes"),
        ("draining", "drain: last tail, writes wait"),
        ("switched", "cut-over: the catalog points at the target"),
        ("post_validating", "post-validation: rows and checksums"),
        ("switching_back", "switch back to the source"),
    ];

    /// <summary>The position of <paramref name="phase"/> in <see cref="All"/>; -1 for none (not started) and <c>done</c>.</summary>
    public static int IndexOf(string? phase)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i].Phase, phase, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The display words of <paramref name="phase"/> (the phase itself when unknown).</summary>
    public static string Label(string phase) => IndexOf(phase) is var i and >= 0 ? All[i].Label : phase;
}
