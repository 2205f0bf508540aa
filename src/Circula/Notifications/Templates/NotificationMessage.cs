using System.Text;

namespace Circula.Notifications.Templates;

/// <summary>One line of a message: a label from the template and a value from the event, which is never trusted.</summary>
public sealed record MessageField(string Label, string Value);

/// <summary>
/// A rendered notification, neutral of any provider: a title and labelled values. Providers lay it out in their format;
/// every value has already passed <see cref="SafeText.Of"/>, so it can neither format, link nor mention.
/// </summary>
public sealed record NotificationMessage(string Title, IReadOnlyList<MessageField> Fields)
{
    public static NotificationMessage Create(string title, params (string Label, string? Value)[] fields) =>
        new(title, fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => new MessageField(f.Label, SafeText.Of(f.Value!))).ToList());

    /// <summary>Title and one <c>label：value</c> line per field, for plain-text formats.</summary>
    public string PlainText() => Lines(Title, f => $"{f.Label}：{f.Value}");

    /// <summary>The lines of a markdown body: a bold title and one quoted line per field.</summary>
    public string Markdown(string titlePrefix = "") => Lines($"{titlePrefix}**{Title}**", f => $"> {f.Label}：{f.Value}");

    private string Lines(string first, Func<MessageField, string> line)
    {
        var text = new StringBuilder(first);
        foreach (var field in Fields)
        {
            text.Append('\n').Append(line(field));
        }

        return text.ToString();
    }
}

/// <summary>
/// Makes event values inert in every robot format: the characters that open markdown, links, HTML-like tags and
/// mentions (<c>*_[]()&lt;&gt;#`~|@!</c>, <c>://</c>) become their full-width forms, which read the same to a Chinese
/// reader and mean nothing to the renderer; line breaks and control characters become spaces; values are cut at 200 characters.
/// </summary>
public static class SafeText
{
    public const int MaxLength = 200;

    private static readonly Dictionary<char, char> FullWidth = new()
    {
        ['*'] = '＊', ['_'] = '＿', ['['] = '［', [']'] = '］', ['('] = '（', [')'] = '）', ['<'] = '＜', ['>'] = '＞',
        ['#'] = '＃', ['`'] = '｀', ['~'] = '～', ['|'] = '｜', ['@'] = '＠', ['!'] = '！', ['\\'] = '＼', ['&'] = '＆',
        ['"'] = '＂', ['$'] = '＄', ['{'] = '｛', ['}'] = '｝', ['+'] = '＋', ['='] = '＝',
    };

    /// <summary>An event's value, made inert and cut at <see cref="MaxLength"/> characters.</summary>
    public static string Of(string value)
    {
        var trimmed = value.Trim();
        return Inert(trimmed.Length > MaxLength ? trimmed[..MaxLength] + "…" : trimmed);
    }

    /// <summary>Text made inert, whole (a template's own text, whose length the template's rules bound).</summary>
    public static string Inert(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(char.IsControl(c) ? ' ' : FullWidth.GetValueOrDefault(c, c));
        }

        // A bare URL would still be linked by most renderers; without "://" it is just text.
        return text.Replace("://", "：//").ToString();
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string TruncateUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Encoding.UTF8.GetByteCount("…");
        var end = 0;
        var bytes = 0;
        while (end < text.Length)
        {
            var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(end, width));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        return text[..end] + "…";
    }
}
