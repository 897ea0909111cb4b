using Orleans.DynamicDb.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

public sealed class ExceptionSerializationTests
{
    [Fact]
    public void A_custom_exception_with_an_error_code_is_rebuilt_as_its_own_type_with_its_properties()
    {
        var original = Thrown(new CodedException("sql.syntax", "near 'selec': syntax error", isTransient: true, new InvalidOperationException("inner")));

        var copy = Assert.IsType<CodedException>(Wire.RoundTrip<Exception>(original));

        Assert.Equal("sql.syntax", copy.ErrorCode);
        Assert.True(copy.IsTransient);
        Assert.Equal(original.Message, copy.Message);
        Assert.Equal("inner", Assert.IsType<InvalidOperationException>(copy.InnerException).Message);
    }

    [Fact]
    public void The_remote_stack_trace_is_kept_as_text()
    {
        var original = Thrown(new InvalidOperationException("boom"));

        var copy = Wire.RoundTrip<Exception>(original);

        Assert.Contains(nameof(Thrown), copy.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_library_exceptions_keep_their_type_and_message()
    {
        var copy = Wire.RoundTripAsObject(new TimeoutException("too slow"));
        var argument = Wire.RoundTrip<Exception>(new ArgumentException("bad value", "name"));

        Assert.Equal("too slow", Assert.IsType<TimeoutException>(copy).Message);
        Assert.Equal(new ArgumentException("bad value", "name").Message, argument.Message);
        Assert.IsAssignableFrom<ArgumentException>(argument);
    }

    [Fact]
    public void An_exception_of_a_type_that_is_not_allowed_arrives_as_a_remote_exception_with_its_type_name_and_message()
    {
        var strict = new WireSerializer(new WireSerializerOptions { AllowAssembliesReferencingRuntime = false });
        var bytes = strict.SerializeToArray<Exception>(new CodedException("auth.denied", "no access"));

        var copy = Assert.IsType<RemoteException>(strict.Deserialize<Exception>(bytes));

        Assert.Equal(typeof(CodedException).FullName + ", " + typeof(CodedException).Assembly.GetName().Name, copy.RemoteTypeName);
        Assert.Equal("no access", copy.Message);
        Assert.Equal("auth.denied", copy.Properties["ErrorCode"]);
        Assert.Equal(false, copy.Properties["IsTransient"]);
        Assert.Contains(nameof(CodedException), copy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_whose_constructor_cannot_be_filled_arrives_as_a_remote_exception()
    {
        var copy = Assert.IsType<RemoteException>(Wire.RoundTrip<Exception>(new UnbuildableException(new Uri("http://localhost/x"))));

        Assert.Contains(nameof(UnbuildableException), copy.RemoteTypeName, StringComparison.Ordinal);
        Assert.Equal("failed at http://localhost/x", copy.Message);
    }

    [Fact]
    public void A_remote_exception_sent_on_again_keeps_the_original_type_name()
    {
        var remote = new RemoteException("Some.Unknown.Error, Elsewhere", "far away", null, new Dictionary<string, object?> { ["Code"] = 7 });

        var copy = Assert.IsType<RemoteException>(Wire.RoundTrip<Exception>(remote));

        Assert.Equal("Some.Unknown.Error, Elsewhere", copy.RemoteTypeName);
        Assert.Equal(7, copy.Properties["Code"]);
    }

    [Fact]
    public void An_exception_inside_a_record_round_trips()
    {
        var copy = Wire.RoundTrip(new Holder(new CodedException("x.y", "m")));

        Assert.Equal("x.y", Assert.IsType<CodedException>(copy.Value).ErrorCode);
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
