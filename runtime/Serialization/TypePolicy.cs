using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// Applies <see cref="WireSerializerOptions"/>: decides which named types may be written and read, and maps wire
/// names ("Namespace.Type, Assembly", no version) to types. Only assemblies already loaded are searched, so a name on
/// the wire never loads code.
/// </summary>
internal sealed class TypePolicy
{
    private static readonly Assembly RuntimeAssembly = typeof(TypePolicy).Assembly;
    private static readonly string RuntimeAssemblyName = RuntimeAssembly.GetName().Name!;
    private static readonly ConcurrentDictionary<Assembly, bool> ReferencesRuntimeCache = new();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly HashSet<Assembly> _assemblies;
    private readonly HashSet<Type> _types;
    private readonly bool _allowReferencing;
    private readonly ConcurrentDictionary<Type, bool> _allowed = new();
    private readonly ConcurrentDictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Type> _exceptionsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Type>.AlternateLookup<ReadOnlySpan<char>> _byNameSpan;

    public TypePolicy(WireSerializerOptions options)
    {
        _assemblies = [.. options.AllowedAssemblies];
        _types = [.. options.AllowedTypes];
        _allowReferencing = options.AllowAssembliesReferencingRuntime;
        MaxDepth = options.MaxDepth;
        _byNameSpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int MaxDepth { get; }

    /// <summary>"Namespace.Type, Assembly" for a type named on the wire (not generic instances or arrays, which are built from parts).</summary>
    public static string WireNameOf(Type type) => $"{type.FullName ?? type.Name}, {type.Assembly.GetName().Name}";

    public bool IsAllowed(Type type) =>
        _allowed.TryGetValue(type, out var allowed) ? allowed : _allowed.GetOrAdd(type, Decide(type));

    /// <summary>Throws for a type that is not allowed, naming it.</summary>
    public void EnsureAllowed(Type type)
    {
        if (!IsAllowed(type))
        {
            throw NotAllowed(WireNameOf(type));
        }
    }

    /// <summary>The allowed type a UTF-8 wire name stands for.</summary>
    public Type Resolve(ReadOnlySpan<byte> utf8Name)
    {
        var chars = utf8Name.Length <= 256 ? stackalloc char[256] : new char[utf8Name.Length];
        int count;
        try
        {
            count = StrictUtf8.GetChars(utf8Name, chars);
        }
        catch (DecoderFallbackException exception)
        {
            throw new SerializationException("The input is not valid wire data: a type name is not valid UTF-8.", exception);
        }

        if (_byNameSpan.TryGetValue(chars[..count], out var cached))
        {
            return cached;
        }

        var name = new string(chars[..count]);
        var type = Find(name) ?? throw new SerializationException(
            $"The type '{name}' named in the input is not known here (its assembly is not loaded or has no such type).");
        return IsAllowed(type) ? _byName.GetOrAdd(name, type) : throw NotAllowed(name);
    }

    /// <summary>For exceptions: the type, when it is allowed or a base library exception; otherwise null (never throws).</summary>
    public Type? TryResolveException(string name)
    {
        if (_exceptionsByName.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var type = Find(name);
        return type is not null && typeof(Exception).IsAssignableFrom(type) && (IsAllowed(type) || IsFrameworkAssembly(type.Assembly))
            ? _exceptionsByName.GetOrAdd(name, type)
            : null;
    }

    private bool Decide(Type type)
    {
        if (_types.Contains(type))
        {
            return true;
        }

        if (type.IsGenericParameter || type.IsPointer || type.IsByRef || typeof(Delegate).IsAssignableFrom(type))
        {
            return false;
        }

        var assembly = type.Assembly;
        return assembly == RuntimeAssembly
            || _assemblies.Contains(assembly)
            || (_allowReferencing && ReferencesRuntime(assembly))
            || (type.IsEnum && IsFrameworkAssembly(assembly));
    }

    private static bool ReferencesRuntime(Assembly assembly) => ReferencesRuntimeCache.GetOrAdd(assembly, static a =>
    {
        try
        {
            return !a.IsDynamic && a.GetReferencedAssemblies().Any(name => name.Name == RuntimeAssemblyName);
        }
        catch (NotSupportedException)
        {
            return false;
        }
    });

    private static bool IsFrameworkAssembly(Assembly assembly) =>
        assembly == typeof(object).Assembly || assembly.GetName().Name is { } name && (name.StartsWith("System.", StringComparison.Ordinal) || name == "System");

    private static Type? Find(string name)
    {
        var comma = name.LastIndexOf(", ", StringComparison.Ordinal);
        if (comma <= 0)
        {
            return null;
        }

        var assemblyName = name[(comma + 2)..];
        var typeName = name[..comma];
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && assembly.GetName().Name == assemblyName)
            {
                return assembly.GetType(typeName, throwOnError: false);
            }
        }

        return null;
    }

    private static SerializationException NotAllowed(string name) => new(
        $"The type '{name}' is not allowed on the wire. Allowed are primitives, strings, date and time values, common collections, "
        + "and types from assemblies that reference Orleans.DynamicDb.Runtime or are listed in WireSerializerOptions.AllowedAssemblies "
        + "(or single types in WireSerializerOptions.AllowedTypes).");
}
