using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>What the runtime knows about one grain class: its type name, its concurrency, its idle age and a compiled constructor.</summary>
internal sealed class GrainClassInfo
{
    private static readonly MethodInfo CreateStateMethod = typeof(GrainClassInfo).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly Func<IServiceProvider, ActivationData, object> _factory;
    private readonly Dictionary<MethodInfo, MethodInfo> _implementations = [];

    public GrainClassInfo(Type classType, GrainCollectionOptions collection)
    {
        ClassType = classType;
        GrainType = NameOf(classType);
        IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        StatelessWorkerMax = classType.GetCustomAttribute<StatelessWorkerAttribute>()?.MaxLocalWorkers;
        Placement = classType.GetCustomAttribute<PlacementAttribute>()?.Strategy ?? PlacementStrategy.Random;
        var age = classType.GetCustomAttribute<CollectionAgeLimitAttribute>()?.AgeLimit;
        if (collection.ClassSpecificCollectionAge.TryGetValue(classType.FullName!, out var configured))
        {
            age = configured;
        }

        CollectionAge = age switch
        {
            { } infinite when infinite == Timeout.InfiniteTimeSpan => Timeout.InfiniteTimeSpan,
            { } positive when positive > TimeSpan.Zero => positive,
            _ => collection.CollectionAge,
        };
        _factory = CompileFactory(classType);
        foreach (var iface in classType.GetInterfaces().Where(i => typeof(IAddressable).IsAssignableFrom(i)))
        {
            var map = classType.GetInterfaceMap(iface);
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
            {
                _implementations[map.InterfaceMethods[i]] = map.TargetMethods[i];
            }
        }
    }

    public Type ClassType { get; }

    /// <summary>The grain type name used in grain ids, e.g. "database" for DatabaseGrain.</summary>
    public string GrainType { get; }

    public bool IsReentrant { get; }

    public int? StatelessWorkerMax { get; }

    /// <summary>Where new activations go in a cluster (stateless workers are always local).</summary>
    public PlacementStrategy Placement { get; }

    public TimeSpan CollectionAge { get; }

    public static string NameOf(Type classType)
    {
        var explicitName = classType.GetCustomAttribute<GrainTypeAttribute>()?.GrainType;
        if (explicitName is not null)
        {
            return explicitName;
        }

        var name = classType.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    public object Create(IServiceProvider services, ActivationData activation) => _factory(services, activation);

    public MethodInfo GetImplementation(MethodInfo interfaceMethod) => _implementations.GetValueOrDefault(interfaceMethod, interfaceMethod);

    private static Func<IServiceProvider, ActivationData, object> CompileFactory(Type classType)
    {
        var constructors = classType.GetConstructors();
        if (constructors.Length != 1)
        {
            throw new InvalidOperationException($"Grain class '{classType.FullName}' must have exactly one public constructor; it has {constructors.Length}.");
        }

        var services = Expression.Parameter(typeof(IServiceProvider), "services");
        var activation = Expression.Parameter(typeof(ActivationData), "activation");
        var arguments = constructors[0].GetParameters().Select(p => ArgumentFor(p, services, activation));
        var body = Expression.New(constructors[0], arguments);
        return Expression.Lambda<Func<IServiceProvider, ActivationData, object>>(body, services, activation).Compile();
    }

    private static Expression ArgumentFor(ParameterInfo parameter, ParameterExpression services, ParameterExpression activation)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } attribute)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException($"Parameter '{parameter.Name}' of '{parameter.Member.DeclaringType?.FullName}' has [PersistentState] but is a {type.Name}; it must be IPersistentState<T>.");
            }

            var create = CreateStateMethod.MakeGenericMethod(type.GetGenericArguments()[0]);
            return Expression.Call(create, services, activation, Expression.Constant(attribute));
        }

        if (type == typeof(IGrainContext))
        {
            return activation;
        }

        var resolve = typeof(ServiceProviderServiceExtensions).GetMethod(nameof(ServiceProviderServiceExtensions.GetRequiredService), [typeof(IServiceProvider), typeof(Type)])!;
        return Expression.Convert(Expression.Call(resolve, services, Expression.Constant(type)), type);
    }

    private static IPersistentState<T> CreateState<T>(IServiceProvider services, ActivationData activation, PersistentStateAttribute attribute)
    {
        var state = new PersistentState<T>(services, activation.GrainId, attribute);
        activation.AddPersistentState(state);
        return state;
    }
}
