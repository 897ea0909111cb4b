namespace Orleans.DynamicDb.Runtime;

/// <summary>Why an activation is being deactivated (Orleans' codes).</summary>
public enum DeactivationReasonCode : byte
{
    None,
    ShuttingDown,
    ActivationFailed,
    DirectoryFailure,
    ApplicationRequested,
    ActivationIdle,
    ActivationUnresponsive,
    DuplicateActivation,
    IncompatibleRequest,
    ApplicationError,
    Migrating,
    RuntimeRequested,
    HighMemoryPressure,
}

/// <summary>The reason handed to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description, Exception? Exception = null)
{
    public override string ToString() => Exception is null ? $"{ReasonCode}: {Description}" : $"{ReasonCode}: {Description} ({Exception.GetType().Name}: {Exception.Message})";
}
