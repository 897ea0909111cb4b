using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// Compiles, once per type, the two delegates of an <see cref="ObjectCodec{T}"/> from its <see cref="ObjectShape"/>:
/// a writer that writes the member count and then each member through <see cref="Wire{T}"/>, and a reader that
/// mirrors it. Read-only fields (the Fields rule) are stored through small emitted setters, since expression trees
/// cannot assign them.
/// </summary>
internal static class ObjectCodecCompiler
{
    private static readonly MethodInfo CreateMethod = typeof(ObjectCodecCompiler).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo WriteCount = typeof(WireWriter).GetMethod(nameof(WireWriter.WriteCount))!;
    private static readonly MethodInfo ConstructorMembersWritten = typeof(WireWriter).GetMethod(nameof(WireWriter.ConstructorMembersWritten))!;
    private static readonly MethodInfo ReadMemberCount = typeof(WireReader).GetMethod(nameof(WireReader.ReadMemberCount))!;
    private static readonly MethodInfo Register = typeof(WireReader).GetMethod(nameof(WireReader.Register))!;
    private static readonly MethodInfo Uninitialized = typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.GetUninitializedObject))!;

    public static WireCodec Create(Type type)
    {
        if (type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Any(f => f.FieldType.IsPointer || f.FieldType.IsFunctionPointer || f.FieldType.IsByRefLike))
        {
            return UnsupportedCodec.Create(type, "it holds a raw pointer or a ref struct");
        }

        return (WireCodec)CreateMethod.MakeGenericMethod(type).Invoke(null, null)!;
    }

    private static ObjectCodec<T> CreateTyped<T>()
    {
        var shape = ObjectShape.Describe(typeof(T));
        return new ObjectCodec<T>(CompileWriter<T>(shape), CompileReader<T>(shape), shape.Kind == ObjectConstruction.Constructor);
    }

    private static Action<WireWriter, T> CompileWriter<T>(ObjectShape shape)
    {
        var writer = Expression.Parameter(typeof(WireWriter), "writer");
        var value = Expression.Parameter(typeof(T), "value");
        var body = new List<Expression> { Expression.Call(writer, WriteCount, Expression.Constant(shape.MemberCount)) };
        foreach (var member in shape.ConstructorMembers)
        {
            body.Add(Expression.Call(WireMethod(ObjectShape.MemberType(member), "Write"), writer, Expression.MakeMemberAccess(value, member)));
        }

        if (shape.ConstructorMembers.Length > 0 && shape.AssignedMembers.Length > 0 && !typeof(T).IsValueType)
        {
            body.Add(Expression.Call(writer, ConstructorMembersWritten));
        }

        foreach (var member in shape.AssignedMembers)
        {
            body.Add(Expression.Call(WireMethod(ObjectShape.MemberType(member), "Write"), writer, Expression.MakeMemberAccess(value, member)));
        }

        return Expression.Lambda<Action<WireWriter, T>>(Expression.Block(body), writer, value).Compile();
    }

    private static Func<WireReader, T> CompileReader<T>(ObjectShape shape)
    {
        var reader = Expression.Parameter(typeof(WireReader), "reader");
        var body = new List<Expression>
        {
            Expression.Call(reader, ReadMemberCount, Expression.Constant(shape.MemberCount), Expression.Constant(typeof(T), typeof(Type))),
        };
        var variables = new List<ParameterExpression>();
        var isStructWithFields = typeof(T).IsValueType && shape.Kind == ObjectConstruction.Fields;
        var target = Expression.Variable(isStructWithFields ? typeof(object) : typeof(T), "target");
        variables.Add(target);

        switch (shape.Kind)
        {
            case ObjectConstruction.Constructor:
                var arguments = shape.ConstructorMembers.Select(m => Read(reader, ObjectShape.MemberType(m))).ToArray();
                var locals = arguments.Select((a, i) => Expression.Variable(a.Type, "argument" + i)).ToArray();
                variables.AddRange(locals);
                body.AddRange(locals.Select((local, i) => Expression.Assign(local, arguments[i])));
                body.Add(Expression.Assign(target, Expression.New(shape.Constructor!, locals)));
                break;
            case ObjectConstruction.Setters:
                body.Add(Expression.Assign(target, Expression.New(typeof(T))));
                break;
            default:
                Expression created = Expression.Call(Uninitialized, Expression.Constant(typeof(T), typeof(Type)));
                body.Add(Expression.Assign(target, isStructWithFields ? created : Expression.Convert(created, typeof(T))));
                break;
        }

        if (!typeof(T).IsValueType)
        {
            body.Add(Expression.Call(reader, Register, target));
        }

        foreach (var member in shape.AssignedMembers)
        {
            var value = Read(reader, ObjectShape.MemberType(member));
            body.Add(member is FieldInfo { IsInitOnly: true } || isStructWithFields
                ? Expression.Invoke(Expression.Constant(EmitFieldSetter((FieldInfo)member, target.Type)), target, value)
                : Expression.Assign(Expression.MakeMemberAccess(target, member), value));
        }

        body.Add(isStructWithFields ? Expression.Unbox(target, typeof(T)) : target);
        return Expression.Lambda<Func<WireReader, T>>(Expression.Block(typeof(T), variables, body), reader).Compile();
    }

    private static MethodCallExpression Read(ParameterExpression reader, Type type) => Expression.Call(WireMethod(type, "Read"), reader);

    private static MethodInfo WireMethod(Type type, string name) => typeof(Wire<>).MakeGenericType(type).GetMethod(name)!;

    /// <summary>Emits <c>(target, value) =&gt; target.field = value</c>, unboxing a struct target in place.</summary>
    private static Delegate EmitFieldSetter(FieldInfo field, Type targetType)
    {
        var method = new DynamicMethod($"Set_{field.DeclaringType!.Name}_{field.Name}", null, [targetType, field.FieldType], typeof(ObjectCodecCompiler).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        if (targetType == typeof(object))
        {
            il.Emit(OpCodes.Unbox, field.DeclaringType!);
        }
        else if (field.DeclaringType != targetType)
        {
            il.Emit(OpCodes.Castclass, field.DeclaringType!);
        }

        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate(typeof(Action<,>).MakeGenericType(targetType, field.FieldType));
    }
}

/// <summary>A record, class or struct written member by member through compiled delegates (see <see cref="ObjectShape"/>).</summary>
internal sealed class ObjectCodec<T> : WireCodec<T>
{
    private readonly Action<WireWriter, T> _write;
    private readonly Func<WireReader, T> _read;

    public ObjectCodec(Action<WireWriter, T> write, Func<WireReader, T> read, bool constructorBuilt)
    {
        _write = write;
        _read = read;
        IsConstructorBuilt = constructorBuilt;
    }

    public override void Write(WireWriter writer, T value) => _write(writer, value);

    public override T Read(WireReader reader) => _read(reader);
}
