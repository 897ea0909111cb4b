using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class DatabaseNameTests
{
    [Fact]
    public void The_full_name_joins_app_and_database_with_an_underscore()
    {
        var name = DatabaseName.Create("myapp", "users");

        Assert.Equal("myapp", name.App);
        Assert.Equal("users", name.Database);
        Assert.Equal("myapp_users", name.FullName);
        Assert.Equal("myapp_users", name.ToString());
        Assert.Equal("myapp/users", name.Key);
    }

    [Fact]
    public void Names_are_values()
    {
        Assert.Equal(DatabaseName.Create("a", "b"), DatabaseName.Create("a", "b"));
        Assert.NotEqual(DatabaseName.Create("a", "b"), DatabaseName.Create("a", "c"));
        Assert.True(default(DatabaseName).IsEmpty);
        Assert.False(DatabaseName.Create("a", "b").IsEmpty);
    }

    [Theory]
    [InlineData("My-App", "users", "'My-App'", "'M'")]
    [InlineData("myapp", "Users", "'Users'", "'U'")]
    [InlineData("myapp", "us ers", "'us ers'", "' '")]
    [InlineData("myapp", "users;drop", "'users;drop'", "';'")]
    [InlineData("myapp", "ü", "'ü'", "'ü'")]
    [InlineData("", "users", "application name ''", "empty")]
    [InlineData("myapp", "", "database name ''", "empty")]
    public void Invalid_names_are_rejected_with_a_message_naming_the_value(string app, string database, string namesValue, string namesProblem)
    {
        var error = Assert.Throws<DynamicDbException>(() => DatabaseName.Create(app, database));

        Assert.Equal(ErrorCodes.DatabaseInvalidName, error.ErrorCode);
        Assert.Contains(namesValue, error.Message);
        Assert.Contains(namesProblem, error.Message);
    }

    [Fact]
    public void Each_part_may_have_63_characters_but_the_full_name_too()
    {
        var longest = new string('a', 63);
        Assert.Equal(63, DatabaseName.Create(new string('a', 31), new string('b', 31)).FullName.Length);

        var tooLongPart = Assert.Throws<DynamicDbException>(() => DatabaseName.Create(longest + "a", "b"));
        var tooLongFull = Assert.Throws<DynamicDbException>(() => DatabaseName.Create(new string('a', 32), new string('b', 31)));

        Assert.Contains("64 characters", tooLongPart.Message);
        Assert.Contains($"'{new string('a', 32)}_{new string('b', 31)}' is 64 characters long", tooLongFull.Message);
    }

    [Fact]
    public void Digits_and_underscores_are_allowed_anywhere()
    {
        Assert.Equal("1app_2_db_", DatabaseName.Create("1app", "2_db_").FullName);
    }

    [Fact]
    public void The_grain_key_form_parses_back()
    {
        Assert.Equal(DatabaseName.Create("myapp", "users"), DatabaseName.Parse("myapp/users"));

        var error = Assert.Throws<DynamicDbException>(() => DatabaseName.Parse("myapp_users"));
        Assert.Equal(ErrorCodes.DatabaseInvalidName, error.ErrorCode);
        Assert.Contains("'myapp_users'", error.Message);
        Assert.Throws<DynamicDbException>(() => DatabaseName.Parse("myapp/us/ers"));
    }

    [Fact]
    public void TryCreate_reports_invalid_names_without_throwing()
    {
        Assert.True(DatabaseName.TryCreate("a", "b", out var valid));
        Assert.Equal("a_b", valid.FullName);
        Assert.False(DatabaseName.TryCreate("A", "b", out var invalid));
        Assert.True(invalid.IsEmpty);
    }
}
