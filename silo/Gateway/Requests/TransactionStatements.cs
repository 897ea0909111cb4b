using System.Text.Json;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Requests;

/// <summary>Reads the <c>queries</c> of a transaction request: each a SQL string or an object <c>{"sql": ..., "args": [...]}</c>.</summary>
internal static class TransactionStatements
{
    public const string Field = "queries";

    public static IReadOnlyList<Statement> Read(RequestBody body)
    {
        var queries = body.RequiredArray(Field);
        if (queries.GetArrayLength() == 0)
        {
            throw JsonFields.Invalid($"The field '{Field}' must hold at least one statement.");
        }

        var statements = new List<Statement>(queries.GetArrayLength());
        foreach (var query in queries.EnumerateArray())
        {
            var name = $"{Field}[{statements.Count}]";
            statements.Add(query.ValueKind switch
            {
                JsonValueKind.String when !string.IsNullOrWhiteSpace(query.GetString()) => new Statement(query.GetString()!),
                JsonValueKind.String => throw JsonFields.Invalid($"The statement '{name}' must not be empty."),
                JsonValueKind.Object => new Statement(JsonFields.RequiredString(query, "sql", name), JsonFields.Args(query, "args", name)),
                _ => throw JsonFields.Invalid(
                    $"The statement '{name}' is {JsonFields.Describe(query)}: give a SQL string or an object {{\"sql\": \"...\", \"args\": [...]}}."),
            });
        }

        return statements;
    }
}
