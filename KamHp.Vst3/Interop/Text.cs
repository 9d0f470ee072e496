using System.Text.Unicode;

namespace KamHp.Vst3.Interop;

/// <summary>Fixed-size string fields: UTF-8 char8 arrays and UTF-16 String128 (capacities in elements, NUL included).</summary>
internal static unsafe class Text
{
    public static void WriteUtf8(string value, byte* destination, int capacity)
    {
        var span = new Span<byte>(destination, capacity);
        span.Clear();
        Utf8.FromUtf16(value, span[..(capacity - 1)], out _, out _);
    }

    public static void WriteUtf16(ReadOnlySpan<char> value, char* destination, int capacity)
    {
        var n = Math.Min(value.Length, capacity - 1);
        value[..n].CopyTo(new Span<char>(destination, n));
        destination[n] = '\0';
    }

    public static string ReadUtf16(char* source, int maxLength)
    {
        if (source == null)
        {
            return "";
        }

        // Scan element by element: the host's buffer may be shorter than maxLength.
        var length = 0;
        while (length < maxLength && source[length] != '\0')
        {
            length++;
        }

        return new string(source, 0, length);
    }

    public static bool EqualsAscii(byte* source, ReadOnlySpan<byte> expected)
    {
        if (source == null)
        {
            return false;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (source[i] != expected[i])
            {
                return false;
            }
        }

        return source[expected.Length] == 0;
    }
}
