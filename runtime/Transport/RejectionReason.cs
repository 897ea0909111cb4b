namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>Why a silo refused to run a request. In both cases the request did not run, so it is safe to retry.</summary>
public enum RejectionReason : byte
{
    /// <summary>The silo is shutting down or does not accept requests; send to another silo.</summary>
    SiloUnavailable = 1,

    /// <summary>The grain is not (or no longer) activated on this silo: re-resolve its location and send again.</summary>
    GrainNotHere = 2,
}
