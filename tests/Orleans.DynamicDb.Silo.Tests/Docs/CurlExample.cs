using System.Text;
using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Tests.Docs;

/// <summary>
/// One <c>curl</c> command of a Markdown document's <c>bash</c> blocks, with the <c>json</c> block shown after it (if
/// any). Understands what the docs use: <c>-s</c>, <c>-i</c>, <c>-X</c>, <c>-H</c>, <c>-d '...'</c>, <c>--data @-</c>
/// with a quoted here-document, line continuations and <c>$NAME</c> in double quotes; anything else fails the parse.
/// </summary>
internal sealed partial record CurlExample(string Command, string Method, Uri Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body, string? ShownAnswer)
{
    /// <summary>For <c>NAME=$(curl ... | jq -r .field)</c>: the variable the answer's field is kept in.</summary>
    public string? CaptureName { get; init; }

    /// <summary>For <c>NAME=$(curl ... | jq -r .field)</c>: the answer's member that is kept.</summary>
    public string? CaptureField { get; init; }

    /// <summary>The curl commands of <paramref name="markdown"/> in document order; <paramref name="variables"/> fills <c>$NAME</c>.</summary>
    public static IReadOnlyList<CurlExample> Extract(string markdown, IReadOnlyDictionary<string, string> variables)
    {
        var examples = new List<CurlExample>();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] != "```bash")
            {
                continue;
            }

            var block = new List<CurlExample>();
            for (i++; lines[i] != "```"; i++)
            {
                var command = lines[i];
                while (command.EndsWith('\\'))
                {
                    command = command[..^1] + lines[++i];
                }

                string? hereDocument = null;
                var marker = command.IndexOf("<<'EOF'", StringComparison.Ordinal);
                if (marker >= 0)
                {
                    command = command[..marker].TrimEnd();
                    var text = new StringBuilder();
                    for (i++; lines[i] != "EOF"; i++)
                    {
                        text.Append(lines[i]).Append('\n');
                    }

                    hereDocument = text.ToString();
                }

                if (command.StartsWith("curl ", StringComparison.Ordinal))
                {
                    block.Add(Parse(command, hereDocument, variables));
                }
                else if (Capture().Match(command) is { Success: true } capture)
                {
                    // NAME=$(curl ... | jq -r .field): the answer's field becomes $NAME for the commands after it.
                    block.Add(Parse(capture.Groups[2].Value, hereDocument, variables) with { CaptureName = capture.Groups[1].Value, CaptureField = capture.Groups[3].Value });
                }
            }

            var shown = i + 2 < lines.Length && lines[i + 1] == "```json" ? ShownJson(lines, i + 2) : null;
            examples.AddRange(block.Count == 1 ? [block[0] with { ShownAnswer = shown }] : block);
        }

        return examples;
    }

    private static string ShownJson(string[] lines, int start)
    {
        var json = new StringBuilder();
        for (var i = start; lines[i] != "```"; i++)
        {
            json.Append(lines[i]).Append('\n');
        }

        return json.ToString();
    }

    private static CurlExample Parse(string command, string? hereDocument, IReadOnlyDictionary<string, string> variables)
    {
        var words = Words(command, variables);
        string method = "GET", body = null!;
        string? url = null;
        var headers = new List<(string, string)>();
        for (var w = 1; w < words.Count; w++)
        {
            switch (words[w])
            {
                case "-s" or "-i":
                    break;
                case "-X":
                    method = words[++w];
                    break;
                case "-H":
                    var header = words[++w].Split(':', 2);
                    headers.Add((header[0].Trim(), header[1].Trim()));
                    break;
                case "-d":
                    body = words[++w];
                    method = method == "GET" ? "POST" : method;
                    break;
                case "--data" when words[w + 1] == "@-" && hereDocument is not null:
                    w++;
                    body = hereDocument;
                    method = method == "GET" ? "POST" : method;
                    break;
                case var word when word.StartsWith(Uri.UriSchemeHttp + Uri.SchemeDelimiter, StringComparison.Ordinal) && url is null:
                    url = word;
                    break;
                default:
                    throw new FormatException($"The curl example uses '{words[w]}', which the docs test does not understand: {command}");
            }
        }

        return new CurlExample(command, method, new Uri(url ?? throw new FormatException($"No URL in: {command}")), headers, body, null);
    }

    /// <summary>Splits like a POSIX shell for the quoting the docs use, replacing <c>$NAME</c> outside single quotes.</summary>
    private static List<string> Words(string command, IReadOnlyDictionary<string, string> variables)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c == ' ' && inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else if (c == '\'')
            {
                var end = command.IndexOf('\'', i + 1);
                word.Append(command, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == '"')
            {
                var end = command.IndexOf('"', i + 1);
                word.Append(Expand(command[(i + 1)..end], variables));
                i = end;
                inWord = true;
            }
            else if (c != ' ')
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static string Expand(string text, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            text = text.Replace("$" + name, value, StringComparison.Ordinal);
        }

        return text.Contains('$') ? throw new FormatException($"An unknown shell variable in \"{text}\".") : text;
    }

    /// <summary>The top-level member names of the JSON shown after the command, or null when it shows none or elides parts ("...").</summary>
    public IReadOnlyList<string>? ShownMembers()
    {
        if (ShownAnswer is null || ShownAnswer.Contains("...", StringComparison.Ordinal))
        {
            return null;
        }

        using var document = JsonDocument.Parse(ShownAnswer);
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^([A-Z_]+)=\$\((curl .*) \| jq -r \.([a-z_]+)\)$")]
    private static partial System.Text.RegularExpressions.Regex Capture();
}
