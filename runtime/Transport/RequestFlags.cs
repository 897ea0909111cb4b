namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>Call semantics the receiving silo needs to schedule a request. Values are part of the wire format.</summary>
[Flags]
public enum RequestFlags : byte
{
    None = 0,

    /// <summary>The method is [ReadOnly]: it may interleave with other read-only requests.</summary>
    ReadOnly = 1,

    /// <summary>The method is [AlwaysInterleave].</summary>
    AlwaysInterleave = 2,
}
