using Npgsql;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>Errors a statement may end with that leave the session usable: the session counts them and goes on.</summary>
internal static class StatementErrors
{
    public static bool IsStatementError(Exception e) => e is PostgresException or HttpRequestException;
}
