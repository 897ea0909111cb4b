using System.Linq.Expressions;
using System.Reflection;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Invocation;

/// <summary>
/// Everything the runtime needs to know about one grain interface method, computed once: its flags, its timeout,
/// which arguments must be copied, and a compiled delegate that calls it on a grain instance.
/// </summary>
internal sealed class GrainMethodDescriptor
{
    private readonly bool[] _copyArgument;
    private Func<object, object?[], Task<object?>>? _boxedInvoker;
    private Func<Activation.GrainRuntime, GrainId, object?[], int, Task<object?>>? _boxedSend;

    public GrainMethodDescriptor(Type interfaceType, MethodInfo method, int index)
    {
        InterfaceType = interfaceType;
        Method = method;
        Index = index;
        Name = $"{interfaceType.Name}.{method.Name}";
        Kind = ClassifyReturn(interfaceType, method, out var resultType);
        ResultType = resultType;
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
        IsAlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true);
        IsOneWay = method.IsDefined(typeof(OneWayAttribute), inherit: true);
        Timeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout;
        if (IsOneWay && Kind is not (GrainMethodKind.Task or GrainMethodKind.ValueTask))
        {
            throw new InvalidOperationException($"Grain method {Name} is [OneWay] but returns a value; one-way methods must return Task or ValueTask.");
        }

        var parameters = method.GetParameters();
        ParameterCount = parameters.Length;
        _copyArgument = new bool[parameters.Length];
        CancellationTokenIndex = -1;
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.ParameterType.IsByRef)
            {
                throw new InvalidOperationException($"Grain method {Name} has a ref/out parameter '{p.Name}'; grain calls pass values only.");
            }

            if (p.ParameterType == typeof(CancellationToken))
            {
                CancellationTokenIndex = i;
            }

            _copyArgument[i] = !p.IsDefined(typeof(ImmutableAttribute)) && !DeepCopier.IsShallowCopyable(p.ParameterType);
            CopiesArguments |= _copyArgument[i];
        }

        CopiesResult = resultType is not null && !method.ReturnParameter.IsDefined(typeof(ImmutableAttribute)) && !DeepCopier.IsShallowCopyable(resultType);
        Invoker = CompileInvoker(interfaceType, method, Kind, resultType);
    }

    public Type InterfaceType { get; }

    public MethodInfo Method { get; }

    public int Index { get; }

    /// <summary>"IInterface.Method", for messages and logs.</summary>
    public string Name { get; }

    public GrainMethodKind Kind { get; }

    /// <summary>The T of Task&lt;T&gt; / ValueTask&lt;T&gt;, or null.</summary>
    public Type? ResultType { get; }

    public bool IsReadOnly { get; }

    public bool IsAlwaysInterleave { get; }

    public bool IsOneWay { get; }

    public TimeSpan? Timeout { get; }

    public int ParameterCount { get; }

    /// <summary>The position of a CancellationToken parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    public bool CopiesArguments { get; }

    public bool CopiesResult { get; }

    /// <summary>
    /// Calls the method: a Func&lt;object, object?[], Task&gt;, Func&lt;object, object?[], Task&lt;T&gt;&gt;,
    /// Func&lt;object, object?[], ValueTask&gt; or Func&lt;object, object?[], ValueTask&lt;T&gt;&gt; by <see cref="Kind"/>.
    /// </summary>
    public Delegate Invoker { get; }

    /// <summary>Calls the method and boxes its result (null for none): the slower path used when call filters run.</summary>
    public Func<object, object?[], Task<object?>> BoxedInvoker => _boxedInvoker ??= CreateBoxedInvoker();

    /// <summary>Sends the call through a runtime and boxes its result: used for calls that arrive over the wire.</summary>
    internal Task<object?> BoxedSend(Activation.GrainRuntime runtime, GrainId target, object?[] arguments, int hops) =>
        (_boxedSend ??= CreateBoxedSend())(runtime, target, arguments, hops);

    /// <summary>Copies the arguments that are not immutable, in place (the array belongs to this call).</summary>
    public void CopyArguments(object?[] arguments)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            if (_copyArgument[i])
            {
                arguments[i] = DeepCopier.Copy(arguments[i]);
            }
        }
    }

    private Func<Activation.GrainRuntime, GrainId, object?[], int, Task<object?>> CreateBoxedSend()
    {
        var helper = typeof(GrainMethodDescriptor).GetMethod(nameof(SendBoxed), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(ResultType ?? typeof(VoidResult));
        var send = helper.CreateDelegate<Func<GrainMethodDescriptor, Activation.GrainRuntime, GrainId, object?[], int, Task<object?>>>();
        return (runtime, target, arguments, hops) => send(this, runtime, target, arguments, hops);
    }

    private static async Task<object?> SendBoxed<T>(GrainMethodDescriptor method, Activation.GrainRuntime runtime, GrainId target, object?[] arguments, int hops)
    {
        var result = await runtime.SendCore<T>(target, method, arguments, hops).ConfigureAwait(false);
        return result is VoidResult ? null : result;
    }

    private Func<object, object?[], Task<object?>> CreateBoxedInvoker()
    {
        var helper = typeof(GrainMethodDescriptor).GetMethod(Kind.ToString() + "Boxed", BindingFlags.NonPublic | BindingFlags.Static)!;
        if (ResultType is not null)
        {
            helper = helper.MakeGenericMethod(ResultType);
        }

        var invoker = Invoker;
        var call = helper.CreateDelegate<Func<Delegate, object, object?[], Task<object?>>>();
        return (grain, args) => call(invoker, grain, args);
    }

    private static async Task<object?> TaskBoxed(Delegate invoker, object grain, object?[] args)
    {
        await ((Func<object, object?[], Task>)invoker)(grain, args);
        return null;
    }

    private static async Task<object?> ValueTaskBoxed(Delegate invoker, object grain, object?[] args)
    {
        await ((Func<object, object?[], ValueTask>)invoker)(grain, args);
        return null;
    }

    private static async Task<object?> TaskOfTBoxed<T>(Delegate invoker, object grain, object?[] args) =>
        await ((Func<object, object?[], Task<T>>)invoker)(grain, args);

    private static async Task<object?> ValueTaskOfTBoxed<T>(Delegate invoker, object grain, object?[] args) =>
        await ((Func<object, object?[], ValueTask<T>>)invoker)(grain, args);

    private static GrainMethodKind ClassifyReturn(Type interfaceType, MethodInfo method, out Type? resultType)
    {
        var type = method.ReturnType;
        resultType = null;
        if (type == typeof(Task))
        {
            return GrainMethodKind.Task;
        }

        if (type == typeof(ValueTask))
        {
            return GrainMethodKind.ValueTask;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            resultType = type.GetGenericArguments()[0];
            return GrainMethodKind.TaskOfT;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            resultType = type.GetGenericArguments()[0];
            return GrainMethodKind.ValueTaskOfT;
        }

        throw new InvalidOperationException($"Grain method {interfaceType.Name}.{method.Name} returns {type.Name}; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.");
    }

    private static Delegate CompileInvoker(Type interfaceType, MethodInfo method, GrainMethodKind kind, Type? resultType)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(
            Expression.Convert(grain, interfaceType),
            method,
            method.GetParameters().Select((p, i) => (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
        var returnType = kind switch
        {
            GrainMethodKind.Task => typeof(Task),
            GrainMethodKind.ValueTask => typeof(ValueTask),
            GrainMethodKind.TaskOfT => typeof(Task<>).MakeGenericType(resultType!),
            _ => typeof(ValueTask<>).MakeGenericType(resultType!),
        };
        var delegateType = typeof(Func<,,>).MakeGenericType(typeof(object), typeof(object?[]), returnType);
        return Expression.Lambda(delegateType, call, grain, args).Compile();
    }
}
