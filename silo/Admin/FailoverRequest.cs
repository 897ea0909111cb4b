using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The body of <c>POST /v1/engines/groups/{group}/failover</c>: an optional member to promote (e.g. <c>m1</c> or <c>pg-ha.m1</c>).</summary>
internal sealed record FailoverRequest([property: JsonPropertyName("target")] string? Target);
