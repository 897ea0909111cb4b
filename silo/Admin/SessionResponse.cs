using System.Text.Json.Serialization;
using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>A session's connection profile (<c>GET /v1/admin/sessions/{id}</c>, and each row of the listing); docs/sessions.md.</summary>
internal sealed record SessionResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("client_address")] string ClientAddress,
    [property: JsonPropertyName("client_port")] int ClientPort,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("privilege")] string Privilege,
    [property: JsonPropertyName("credential_id")] string CredentialId,
    [property: JsonPropertyName("client_session_id")] string? ClientSessionId,
    [property: JsonPropertyName("application_name")] string? ApplicationName,
    [property: JsonPropertyName("settings")] IReadOnlyDictionary<string, string> Settings,
    [property: JsonPropertyName("opened_at")] DateTimeOffset OpenedAt,
    [property: JsonPropertyName("last_active_at")] DateTimeOffset LastActiveAt,
    [property: JsonPropertyName("closed_at")] DateTimeOffset? ClosedAt,
    [property: JsonPropertyName("close_reason")] string? CloseReason,
    [property: JsonPropertyName("load")] SessionLoadResponse Load,
    [property: JsonPropertyName("tier")] string? Tier = null,
    [property: JsonPropertyName("tier_source")] string? TierSource = null,
    [property: JsonPropertyName("tier_confidence")] double? TierConfidence = null,
    [property: JsonPropertyName("tier_rule")] int? TierRule = null)
{
    public static SessionResponse From(SessionProfile p) => new(
        p.Id, p.Protocol, p.State, p.App, p.Database, p.User, p.ClientAddress, p.ClientPort, p.Host, p.Privilege, p.CredentialId,
        p.ClientSessionId, p.ApplicationName, p.Settings, p.OpenedAt, p.LastActiveAt, p.ClosedAt, p.CloseReason, SessionLoadResponse.From(p.Load),
        p.Tier?.Tier.ToString(), p.Tier?.Source, p.Tier is { } t ? Math.Round(t.Confidence, 4) : null, p.Tier?.Rule);
}
