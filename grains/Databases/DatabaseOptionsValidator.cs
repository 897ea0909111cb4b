using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Databases;

/// <summary>Checks <see cref="DatabaseOptions"/> at start-up; each failure names the setting and its value.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(4);

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var errors = new List<string>();
        var section = DatabaseOptions.SectionName;
        if (options.HibernationTimeout < TimeSpan.Zero)
        {
            errors.Add($"{section}:HibernationTimeout must be zero (never hibernate) or positive; it is {options.HibernationTimeout}.");
        }

        foreach (var (setting, value) in new[] { ("QueryTimeout", options.QueryTimeout), ("TransactionTimeout", options.TransactionTimeout), ("CursorIdleTimeout", options.CursorIdleTimeout) })
        {
            if (value <= TimeSpan.Zero || value > MaxTimeout)
            {
                errors.Add($"{section}:{setting} must be positive and at most {MaxTimeout}; it is {value}.");
            }
        }

        if (options.TransactionDrainTimeout <= TimeSpan.Zero || options.TransactionDrainTimeout > MaxTimeout)
        {
            errors.Add($"{section}:TransactionDrainTimeout must be positive and at most {MaxTimeout}; it is {options.TransactionDrainTimeout}.");
        }

        if (options.MaxTransactionIdleTimeout <= TimeSpan.Zero || options.MaxTransactionIdleTimeout > DatabaseGrain.CollectionCeiling)
        {
            errors.Add($"{section}:MaxTransactionIdleTimeout must be positive and at most {DatabaseGrain.CollectionCeiling}; it is {options.MaxTransactionIdleTimeout}.");
        }

        if (options.TransactionIdleTimeout <= TimeSpan.Zero || options.TransactionIdleTimeout > options.MaxTransactionIdleTimeout)
        {
            errors.Add($"{section}:TransactionIdleTimeout must be positive and at most {section}:MaxTransactionIdleTimeout ({options.MaxTransactionIdleTimeout}); it is {options.TransactionIdleTimeout}.");
        }

        if (options.MaxOpenTransactions is < 1 or > 10000)
        {
            errors.Add($"{section}:MaxOpenTransactions must be between 1 and 10000; it is {options.MaxOpenTransactions}.");
        }

        if (options.MaxTransactionStatements < 1)
        {
            errors.Add($"{section}:MaxTransactionStatements must be at least 1; it is {options.MaxTransactionStatements}.");
        }

        if (options.StartupMigrationParallelism is < 1 or > 64)
        {
            errors.Add($"{section}:StartupMigrationParallelism must be between 1 and 64; it is {options.StartupMigrationParallelism}.");
        }

        if (options.CatalogInvariant is not ("Microsoft.Data.Sqlite" or "Npgsql"))
        {
            errors.Add($"{section}:CatalogInvariant '{options.CatalogInvariant}' is not supported: use 'Microsoft.Data.Sqlite' or 'Npgsql'.");
        }

        if (string.IsNullOrWhiteSpace(options.CatalogConnectionString))
        {
            errors.Add($"{section}:CatalogConnectionString must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
