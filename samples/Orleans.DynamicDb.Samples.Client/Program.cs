// A remote DynamicDb client: connects to a silo's gateway, creates a database, writes a row and reads it back.
//
//   dotnet run --project silo                                   # a silo with its defaults (gateway 127.0.0.1:30000)
//   dotnet run --project samples/Orleans.DynamicDb.Samples.Client
//
// Settings (command line, environment DynamicDb__Client__..., or appsettings.json), see docs/client.md:
//   --DynamicDb:Client:Gateways:0 127.0.0.1:30000   or   --DynamicDb:Client:RedisConnectionString 127.0.0.1:6379 --DynamicDb:Client:ClusterId prod
//   --DynamicDb:Client:Tls:CertificatePath client.pfx --DynamicDb:Client:Tls:CertificatePassword ...
//   --Sample:App sample --Sample:Database notes --Sample:Text "hello"
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Client;
using Orleans.DynamicDb.Errors;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
try
{
    builder.UseDynamicDbClient();
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"Invalid client settings: {e.Message}");
    return 78;
}

var app = builder.Configuration["Sample:App"] ?? "sample";
var name = builder.Configuration["Sample:Database"] ?? "notes";
var text = builder.Configuration["Sample:Text"] ?? "hello from the client sample";

using var host = builder.Build();
try
{
    await host.StartAsync();
    var client = host.Services.GetRequiredService<DynamicDbClient>();
    var database = client.Database(app, name);

    var created = await database.CreateAsync();
    Console.WriteLine($"database {database}: {(created.Created ? "created" : "exists")} on engine {created.Info.Engine}");

    await database.ExecAsync("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
    var inserted = await database.ExecAsync("INSERT INTO notes (text) VALUES (?)", text);
    Console.WriteLine($"inserted note {inserted.LastInsertId}");

    var rows = await database.QueryAsync("SELECT id, text FROM notes ORDER BY id");
    Console.WriteLine($"read {rows.Count} note(s):");
    foreach (var row in rows.Rows)
    {
        Console.WriteLine($"  {row[0]}: {row[1]}");
    }

    var databases = await client.ListAsync(app);
    Console.WriteLine($"app {app} has {databases.Count} database(s): {string.Join(", ", databases.Select(d => d.Database))}");
    await host.StopAsync();
    return 0;
}
catch (DynamicDbException e)
{
    Console.Error.WriteLine($"DynamicDb refused: {e.ErrorCode}: {e.Message}");
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The sample failed: {e.GetType().Name}: {e.Message}");
    return 1;
}
