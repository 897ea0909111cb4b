namespace Orleans.DynamicDb.Databases;

/// <summary>The database's recent load (<see cref="IDatabaseGrain.GetLoadAsync"/>), what switching policies decide on.</summary>
internal sealed partial class DatabaseGrain
{
    private LoadRecorder? _load;

    private LoadRecorder Load => _load ??= new LoadRecorder(time);

    public Task<DatabaseLoad> GetLoadAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        if (window <= TimeSpan.Zero)
        {
            throw new Errors.DynamicDbException(Errors.ErrorCodes.RequestInvalid, $"The load window must be positive; it is {window}.");
        }

        return Task.FromResult(Load.Read(window, _cursors.Count));
    }

    /// <summary>A statement call starts (see <see cref="Traced{T}"/>); disposing the result records its duration.</summary>
    private LoadRecorder.Call BeginLoad() => Load.Begin(_cursors.Count);
}
