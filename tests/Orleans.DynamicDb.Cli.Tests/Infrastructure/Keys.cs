namespace Orleans.DynamicDb.Cli.Tests.Infrastructure;

/// <summary>Key presses for driving the shell's line editor.</summary>
public static class Keys
{
    public static ConsoleKeyInfo Enter => Special(ConsoleKey.Enter, '\r');

    public static ConsoleKeyInfo Up => Special(ConsoleKey.UpArrow);

    public static ConsoleKeyInfo Down => Special(ConsoleKey.DownArrow);

    public static ConsoleKeyInfo Left => Special(ConsoleKey.LeftArrow);

    public static ConsoleKeyInfo Backspace => Special(ConsoleKey.Backspace, '\b');

    public static ConsoleKeyInfo Control(ConsoleKey key) => new((char)(key - ConsoleKey.A + 1), key, shift: false, alt: false, control: true);

    public static ConsoleKeyInfo Special(ConsoleKey key, char keyChar = '\0') => new(keyChar, key, shift: false, alt: false, control: false);

    /// <summary>The keys typing <paramref name="text"/>.</summary>
    public static IEnumerable<ConsoleKeyInfo> Type(string text) =>
        text.Select(c => new ConsoleKeyInfo(c, char.IsAsciiLetter(c) ? ConsoleKey.A + (char.ToUpperInvariant(c) - 'A') : ConsoleKey.Oem1, char.IsUpper(c), alt: false, control: false));

    /// <summary>The keys typing <paramref name="text"/> and Enter.</summary>
    public static IEnumerable<ConsoleKeyInfo> Line(string text) => [.. Type(text), Enter];
}
