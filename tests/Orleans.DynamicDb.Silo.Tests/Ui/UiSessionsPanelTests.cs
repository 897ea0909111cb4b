using System.Net;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.PgWire;
using Orleans.DynamicDb.Silo.Tests.Sessions;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Ui;

/// <summary>The Sessions panel's calls (<c>/ui/api/sessions</c>) with a dashboard login: the listing, and a kill that needs the CSRF token.</summary>
public sealed class UiSessionsPanelTests(PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    [Fact]
    public async Task The_panel_lists_a_wire_session_and_kills_it_only_with_the_csrf_token()
    {
        var api = new SessionApi(await fixture.GetAsync(() => SessionApi.Arguments));
        var database = await api.NewDatabaseAsync();
        await using var wire = await RawPgClient.LoginAsync(api.Silo.Port, "alpha", GatewaySilo.AlphaKey, database);
        using var ui = new UiClient(api.Silo.Silo.Address);
        await ui.LoginAsync(AdminCredentials.AdminKey);

        string? id = null;
        await Eventually.True(async () =>
        {
            var (status, body) = await ui.GetAsync("/ui/api/sessions?protocol=pgwire&state=open&limit=1000");
            id = status == HttpStatusCode.OK
                ? body.GetProperty("sessions").EnumerateArray().Where(s => s.GetProperty("database").GetString() == database).Select(s => s.GetProperty("id").GetString()).FirstOrDefault()
                : null;
            return id is not null;
        }, "the panel lists the wire session", TimeSpan.FromSeconds(60));
        var (forged, _) = await ui.DeleteAsync($"/ui/api/sessions/{id}", csrf: null);
        Assert.Equal(HttpStatusCode.Forbidden, forged);
        Assert.True(SessionApi.IsOpen(await api.Admin.GetAsync($"/v1/admin/sessions/{id}")));

        var (killed, answer) = await ui.DeleteAsync($"/ui/api/sessions/{id}", await ui.CsrfAsync());

        Assert.Equal(HttpStatusCode.OK, killed);
        Assert.True(answer.GetProperty("killed").GetBoolean());
        var messages = await Eventually.Within(wire.ReadUntilAsync('\0'), "the wire client's disconnection");
        Assert.Equal('\0', messages[^1].Type);
    }
}
