namespace Circula.Shared;

/// <summary>What characters a text field may hold; every text a client sends is checked against one of these.</summary>
public enum TextKind
{
    /// <summary>One line of free text (an address line, a keyword, a token): no control characters at all.</summary>
    Line,

    /// <summary>Free text typed into a text area (a description, a remark, a reason): tab and line breaks allowed, no other control characters.</summary>
    MultiLine,

    /// <summary>
    /// A name others see and tell apart (a username, a product, category, SKU or spec name, a recipient, a place): as
    /// <see cref="Line"/>, and no bidirectional overrides, embeddings or isolates (they reorder what is displayed) nor invisible
    /// zero-width characters (they make two names look alike). Zero-width (non-)joiners stay: emoji sequences and some scripts need them.
    /// </summary>
    Name,
}

/// <summary>
/// The one rule for characters in client text, the same on every database: control characters (C0, DEL and C1; NUL
/// included, which PostgreSQL cannot store) and unpaired surrogates (not Unicode, so not storable as UTF-8) are refused.
/// </summary>
public static class TextRules
{
    /// <summary>Null when <paramref name="value"/> may be stored as a <paramref name="kind"/>, else why not (a field message).</summary>
    public static string? Check(string value, TextKind kind)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "is not valid Unicode text (it has an unpaired surrogate).";
            }
            else if (char.IsControl(c) && !(kind == TextKind.MultiLine && c is '\t' or '\n' or '\r'))
            {
                return kind == TextKind.MultiLine
                    ? $"must not contain control characters other than tab and line breaks (found U+{(int)c:X4})."
                    : $"must not contain control characters such as NUL, tab or a line break (found U+{(int)c:X4}).";
            }
            else if (kind == TextKind.Name && IsHiddenFormatting(c))
            {
                return $"must not contain bidirectional overrides or invisible characters (found U+{(int)c:X4}).";
            }
        }

        return null;
    }

    /// <summary>Bidi embeddings, overrides and isolates; zero-width space, word joiner, invisible operators and the BOM; LRM/RLM/ALM.</summary>
    private static bool IsHiddenFormatting(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200B' or '\u200E' or '\u200F' or '\u061C'
            or (>= '\u2060' and <= '\u2064') or '\uFEFF';
}
