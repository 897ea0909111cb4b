namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>A one-dimensional array: its length, then each element as its declared element type.</summary>
internal sealed class ArrayCodec<T> : WireCodec<T[]>
{
    public override void Write(WireWriter writer, T[] value)
    {
        writer.WriteCount(value.Length);
        foreach (var item in value)
        {
            Wire<T>.Write(writer, item);
        }
    }

    public override T[] Read(WireReader reader)
    {
        var array = new T[reader.ReadCount()];
        reader.Register(array);
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = Wire<T>.Read(reader);
        }

        return array;
    }
}
