using System.Runtime.Serialization;
using System.Text;
using Orleans.DynamicDb.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

public sealed class TypeSafetyTests
{
    private static readonly WireSerializer Strict = new(new WireSerializerOptions { AllowAssembliesReferencingRuntime = false });

    [Fact]
    public void Writing_a_type_from_an_assembly_that_is_not_allowed_fails_naming_the_type()
    {
        var error = Assert.Throws<SerializationException>(() => Strict.SerializeToArray<object>(new Small("a", 1)));

        Assert.Contains("'Orleans.DynamicDb.Runtime.Tests.Serialization.Small, Orleans.DynamicDb.Runtime.Tests'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowedAssemblies", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_type_that_is_not_allowed_fails_naming_the_type()
    {
        var bytes = Wire.Serializer.SerializeToArray<object>(new List<Small> { new("a", 1) });

        var error = Assert.Throws<SerializationException>(() => Strict.Deserialize(bytes));

        Assert.Contains("Small, Orleans.DynamicDb.Runtime.Tests' is not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assembly_or_a_single_type_can_be_allowed_explicitly()
    {
        var byAssembly = new WireSerializerOptions { AllowAssembliesReferencingRuntime = false };
        byAssembly.AllowedAssemblies.Add(typeof(Small).Assembly);
        var byType = new WireSerializerOptions { AllowAssembliesReferencingRuntime = false };
        byType.AllowedTypes.Add(typeof(Small));

        foreach (var serializer in new[] { new WireSerializer(byAssembly), new WireSerializer(byType) })
        {
            Assert.Equal(new Small("a", 1), serializer.Deserialize(serializer.SerializeToArray<object>(new Small("a", 1))));
        }
    }

    [Theory]
    [InlineData("System.Text.StringBuilder, System.Private.CoreLib")]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    [InlineData("Nowhere.Gadget, Nowhere")]
    public void A_hostile_type_name_in_the_input_is_refused_naming_it(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        byte[] input = [1, 0x71, 0, 1, (byte)utf8.Length, .. utf8, 0];

        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.Deserialize(input));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delegates_and_tasks_cannot_be_serialized_and_the_error_says_why()
    {
        var action = Assert.Throws<SerializationException>(() => Wire.Serializer.SerializeToArray(new Holder(new Action(() => { }))));
        var task = Assert.Throws<SerializationException>(() => Wire.Serializer.SerializeToArray<object>(Task.CompletedTask));

        Assert.Contains("delegates", action.Message, StringComparison.Ordinal);
        Assert.Contains("task", task.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_library_classes_without_a_wire_form_are_refused()
    {
        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.SerializeToArray(new Holder(new StringBuilder("x"))));

        Assert.Contains("StringBuilder", error.Message, StringComparison.Ordinal);
    }
}
