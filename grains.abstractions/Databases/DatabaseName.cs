using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The validated name of one logical database: an application (1–63 characters from <c>a–z</c> and <c>0–9</c>) and a
/// database (1–63 characters from <c>a–z</c>, <c>0–9</c> and <c>_</c>). Apps have no <c>_</c>, so <c>{app}_{database}</c> is unambiguous. Engines store it as <see cref="FullName"/> = <c>{app}_{database}</c>, which must
/// also fit PostgreSQL's 63-character identifiers. <c>default</c> is not a valid name; engines reject it.
/// </summary>
public readonly record struct DatabaseName
{
    /// <summary>The longest application name, database name and full name.</summary>
    public const int MaxLength = 63;

    private DatabaseName(string app, string database)
    {
        App = app;
        Database = database;
        FullName = $"{app}_{database}";
    }

    /// <summary>The application the database belongs to, e.g. <c>myapp</c>.</summary>
    public string App { get; }

    /// <summary>The database name within the application, e.g. <c>users</c>.</summary>
    public string Database { get; }

    /// <summary>The engine-level name, <c>{app}_{database}</c>, e.g. <c>myapp_users</c>.</summary>
    public string FullName { get; }

    /// <summary>True for <c>default(DatabaseName)</c>.</summary>
    public bool IsEmpty => FullName is null;

    /// <summary>The grain key form, <c>{app}/{database}</c>.</summary>
    public string Key => $"{App}/{Database}";

    /// <summary>Validates and combines an application and a database name.</summary>
    /// <exception cref="DynamicDbException"><see cref="ErrorCodes.DatabaseInvalidName"/>, naming the bad value.</exception>
    public static DatabaseName Create(string app, string database)
    {
        var error = Validate(app, database);
        return error is null ? new DatabaseName(app, database) : throw new DynamicDbException(ErrorCodes.DatabaseInvalidName, error);
    }

    /// <summary>Parses the grain key form <c>{app}/{database}</c>.</summary>
    /// <exception cref="DynamicDbException"><see cref="ErrorCodes.DatabaseInvalidName"/>, naming the bad value.</exception>
    public static DatabaseName Parse(string key)
    {
        var slash = key?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0
            ? throw new DynamicDbException(ErrorCodes.DatabaseInvalidName, $"The database key '{key}' is invalid: expected '{{app}}/{{database}}'.")
            : Create(key![..slash], key[(slash + 1)..]);
    }

    /// <summary>Validates an application name alone.</summary>
    /// <exception cref="DynamicDbException"><see cref="ErrorCodes.DatabaseInvalidName"/>, naming the bad value.</exception>
    public static void ValidateApp(string app)
    {
        if (ValidatePart("application", app, allowUnderscore: false) is { } error)
        {
            throw new DynamicDbException(ErrorCodes.DatabaseInvalidName, error);
        }
    }

    /// <summary>Validates without throwing.</summary>
    public static bool TryCreate(string app, string database, out DatabaseName name)
    {
        name = Validate(app, database) is null ? new DatabaseName(app, database) : default;
        return !name.IsEmpty;
    }

    public override string ToString() => FullName ?? "";

    /// <summary>This name, or <c>database.invalid_name</c> for <c>default(DatabaseName)</c>.</summary>
    public DatabaseName EnsureNotEmpty() =>
        IsEmpty ? throw new DynamicDbException(ErrorCodes.DatabaseInvalidName, "The database name is empty (default(DatabaseName)); create it with DatabaseName.Create(app, database).") : this;

    private static string? Validate(string? app, string? database)
    {
        var error = ValidatePart("application", app, allowUnderscore: false) ?? ValidatePart("database", database, allowUnderscore: true);
        if (error is null && app!.Length + 1 + database!.Length > MaxLength)
        {
            error = $"The database name '{app}_{database}' is {app.Length + 1 + database.Length} characters long: '{{app}}_{{database}}' may have at most {MaxLength}.";
        }

        return error;
    }

    private static string? ValidatePart(string kind, string? value, bool allowUnderscore)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"The {kind} name '{value}' is invalid: it must not be empty.";
        }

        if (value.Length > MaxLength)
        {
            return $"The {kind} name '{value}' is invalid: it is {value.Length} characters long, at most {MaxLength} are allowed.";
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')) && !(allowUnderscore && c == '_'))
            {
                return allowUnderscore
                    ? $"The {kind} name '{value}' is invalid: '{c}' is not allowed; use a–z, 0–9 and '_'."
                    : $"The {kind} name '{value}' is invalid: '{c}' is not allowed; use a–z and 0–9 ('_' would let two apps map to one '{{app}}_{{database}}' name).";
            }
        }

        return null;
    }
}
