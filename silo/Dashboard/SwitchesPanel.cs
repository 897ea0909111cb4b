namespace Orleans.DynamicDb.Silo.Dashboard;

/// <summary>
/// The "Switches" panel beside the Orleans Dashboard (<c>{dashboard path}-switches</c>, e.g. <c>/dashboard-switches</c>):
/// a static page that reads the switch history (<c>GET /v1/admin/switches</c>) with an admin key the operator types in
/// (kept in the browser tab's session storage only) and shows the running and pending switches and the recent ones. The
/// page itself holds no data, so it is served without authentication like the dashboard; the history needs the key.
/// </summary>
internal static class SwitchesPanel
{
    /// <summary>The panel's path for a dashboard at <paramref name="dashboardPath"/>.</summary>
    public static string PathFor(string dashboardPath) => dashboardPath + "-switches";

    /// <summary>The page.</summary>
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Switches - Orleans.DynamicDb</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
          table { border-collapse: collapse; margin-bottom: 1.5rem; }
          th, td { border: 1px solid #ccc; padding: .25rem .5rem; font-size: .9rem; text-align: left; }
          th { background: #f3f3f3; }
          .completed { color: #17642b; } .rolled_back, .failed, .expired, .rejected { color: #9b1c1c; } .running, .pending_approval { color: #7a5b00; }
        </style>
        </head>
        <body>
        <h1>Switches</h1>
        <p>The product dashboard at <a href="/ui">/ui</a> shows these switches on a timeline, approves pending ones and shows engines, databases and the audit log (docs/dashboard.md).</p>
        <p>Engine switches of this cluster, from <code>GET /v1/admin/switches</code> (docs/switching.md).
          Admin key: <input id="key" type="password" size="40" autocomplete="off"> <button id="load">Load</button> <span id="status"></span></p>
        <h2>Running and pending</h2>
        <table id="running"><thead><tr><th>id</th><th>database</th><th>from</th><th>to</th><th>state</th><th>phase</th><th>requested by</th><th>started</th><th>expires</th></tr></thead><tbody></tbody></table>
        <h2>Recent</h2>
        <table id="recent"><thead><tr><th>id</th><th>database</th><th>from</th><th>to</th><th>state</th><th>rows copied</th><th>write pause ms</th><th>duration ms</th><th>ended</th><th>error</th></tr></thead><tbody></tbody></table>
        <script>
        const keyInput = document.getElementById('key');
        keyInput.value = sessionStorage.getItem('dyndb-admin-key') || '';
        function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text == null ? '' : String(text); if (cls) td.className = cls; }
        async function load() {
          const key = keyInput.value;
          sessionStorage.setItem('dyndb-admin-key', key);
          const status = document.getElementById('status');
          let since = '0', all = [];
          for (;;) {
            const answer = await fetch('/v1/admin/switches?limit=1000&since=' + encodeURIComponent(since), { headers: { 'X-API-Key': key } });
            if (!answer.ok) { status.textContent = answer.status + ' ' + ((await answer.json()).detail || ''); return; }
            const page = await answer.json();
            all = all.concat(page.switches);
            if (page.switches.length < 1000) break;
            since = page.next;
          }
          const running = all.filter(s => s.state === 'running' || s.state === 'pending_approval');
          const recent = all.filter(s => !running.includes(s)).sort((a, b) => b.cursor - a.cursor).slice(0, 50);
          const runningBody = document.querySelector('#running tbody'), recentBody = document.querySelector('#recent tbody');
          runningBody.replaceChildren(); recentBody.replaceChildren();
          for (const s of running) {
            const r = runningBody.insertRow();
            [s.id, s.app + '/' + s.database, s.source, s.target].forEach(v => cell(r, v));
            cell(r, s.state, s.state); [s.phase, s.requested_by, s.started_at, s.expires_at].forEach(v => cell(r, v));
          }
          for (const s of recent) {
            const r = recentBody.insertRow();
            [s.id, s.app + '/' + s.database, s.source, s.target].forEach(v => cell(r, v));
            cell(r, s.state, s.state); [s.rows_copied, s.write_pause_ms, s.duration_ms, s.ended_at, s.error].forEach(v => cell(r, v));
          }
          status.textContent = all.length + ' switches, ' + running.length + ' running or pending; ' + new Date().toLocaleTimeString();
        }
        document.getElementById('load').addEventListener('click', load);
        if (keyInput.value) { load(); setInterval(load, 5000); }
        </script>
        </body>
        </html>
        """;
}
