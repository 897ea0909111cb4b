namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>The life of one activation.</summary>
internal enum ActivationState
{
    /// <summary>Constructing the grain, reading its state and running OnActivateAsync; calls wait.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; calls wait and go to the next activation.</summary>
    Deactivating,

    /// <summary>Gone: calls are sent to a new activation.</summary>
    Invalid,
}
