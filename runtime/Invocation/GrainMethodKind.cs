namespace Orleans.DynamicDb.Runtime.Invocation;

/// <summary>The return shape of a grain interface method.</summary>
internal enum GrainMethodKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
