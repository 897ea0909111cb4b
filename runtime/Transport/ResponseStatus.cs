namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>How a request ended. Values are part of the wire format.</summary>
public enum ResponseStatus : byte
{
    /// <summary>The call returned; <see cref="ResponseEnvelope.Result"/> holds its result.</summary>
    Ok = 0,

    /// <summary>The call threw; <see cref="ResponseEnvelope.Exception"/> holds the exception.</summary>
    Exception = 1,

    /// <summary>The call was not run; <see cref="ResponseEnvelope.Rejection"/> says why and whether to re-resolve.</summary>
    Rejected = 2,
}
