using System.Runtime.InteropServices;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>A <see cref="List{T}"/>: its count, then each element as T.</summary>
internal sealed class ListCodec<T> : WireCodec<List<T>>
{
    public override void Write(WireWriter writer, List<T> value)
    {
        var items = CollectionsMarshal.AsSpan(value);
        writer.WriteCount(items.Length);
        foreach (var item in items)
        {
            Wire<T>.Write(writer, item);
        }
    }

    public override List<T> Read(WireReader reader)
    {
        var count = reader.ReadCount();
        var list = new List<T>(count);
        reader.Register(list);
        for (var i = 0; i < count; i++)
        {
            list.Add(Wire<T>.Read(reader));
        }

        return list;
    }
}
