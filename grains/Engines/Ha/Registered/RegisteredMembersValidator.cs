using Npgsql;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>Checks the <c>Members</c> of a registered <c>postgres-ha</c> engine; every failure names the setting and the value.</summary>
internal static class RegisteredMembersValidator
{
    /// <summary>The fewest servers a registered group may have (a primary and one synchronous standby).</summary>
    public const int MinMembers = 2;

    /// <summary>The most servers a registered group may have (a primary and four standbys).</summary>
    public const int MaxMembers = 5;

    /// <summary>Adds a sentence per problem of <paramref name="engine"/>'s members (at <paramref name="at"/>, e.g. <c>DynamicDb:Engines:0</c>).</summary>
    public static void Validate(EngineOptions engine, string at, List<string> failures)
    {
        var members = engine.Members;
        if (members.Count is < MinMembers or > MaxMembers)
        {
            failures.Add($"{at}:Members: a registered replication group needs {MinMembers} to {MaxMembers} servers (a primary and 1–4 synchronous standbys), not {members.Count}.");
        }

        if (engine.DataDirectory is not ("data" or "." or ""))
        {
            failures.Add($"{at}:DataDirectory: '{engine.DataDirectory}' is set together with Members; a registered group's servers are run by someone else and the silo keeps only its layout (under its own data directory, engines/{engine.Id}/group.json). Remove DataDirectory (or Members, for a group the silo runs).");
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var servers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < members.Count; k++)
        {
            var member = members[k];
            var name = NameOf(member, k);
            if (name.Length is 0 or > 63 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                failures.Add($"{at}:Members:{k}:Name: '{name}' is invalid; use 1–63 characters from a–z, 0–9 and '_' (it is the standby's application_name).");
            }
            else if (!names.TryAdd(name, k))
            {
                failures.Add($"{at}:Members:{k}:Name: '{name}' is already the name of {at}:Members:{names[name]}; member names must be unique.");
            }

            if (string.IsNullOrWhiteSpace(member.ConnectionString))
            {
                failures.Add($"{at}:Members:{k}:ConnectionString: is required (a superuser connection string to the server).");
                continue;
            }

            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(member.ConnectionString);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                failures.Add($"{at}:Members:{k}:ConnectionString: '{Redacted(member.ConnectionString)}' cannot be parsed: {e.Message}");
                continue;
            }

            if (string.IsNullOrWhiteSpace(builder.Host) || builder.Host.Contains(',', StringComparison.Ordinal))
            {
                failures.Add($"{at}:Members:{k}:ConnectionString: '{Redacted(member.ConnectionString)}' must name exactly one Host.");
                continue;
            }

            var server = $"{builder.Host}:{builder.Port}";
            if (!servers.TryAdd(server, k))
            {
                failures.Add($"{at}:Members:{k}:ConnectionString: the server {server} is already {at}:Members:{servers[server]}; each member must be a different server.");
            }
        }
    }

    /// <summary>The member's configured name, or <c>m{k}</c>.</summary>
    public static string NameOf(RegisteredMemberOptions member, int k) =>
        string.IsNullOrWhiteSpace(member.Name) ? $"m{k}" : member.Name.Trim();

    /// <summary>A connection string for messages: its password replaced by '***'.</summary>
    public static string Redacted(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "***";
            }

            return builder.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return System.Text.RegularExpressions.Regex.Replace(connectionString, "(?i)(password|pwd)\\s*=[^;]*", "$1=***");
        }
    }
}
