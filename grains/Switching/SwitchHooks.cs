namespace Orleans.DynamicDb.Switching;

/// <summary>
/// Test seams of the switch orchestration (a singleton; every hook is null in production): awaited when a phase is
/// entered and before post-validation, so a test can hold a switch at a known point or change data under it.
/// </summary>
internal sealed class SwitchHooks
{
    /// <summary>Awaited after the phase (second argument) of the switch (first argument) is persisted.</summary>
    public Func<string, string, Task>? PhaseEntered { get; set; }

    /// <summary>Awaited after the cut-over, before post-validation, with the switch id.</summary>
    public Func<string, Task>? BeforePostValidation { get; set; }

    /// <summary>Awaited inside the cut-over turn before the engine change is persisted, with the switch id.</summary>
    public Func<string, Task>? InCutOver { get; set; }
}
