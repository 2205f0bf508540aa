using System.Text;
using System.Text.RegularExpressions;
using Circula.Shared;

namespace Circula.Notifications.Templates;

/// <summary>One line of a template: a label and a value text; both may name the event's values as <c>{name}</c>.</summary>
public sealed record TemplateLine(string Label, string Value);

/// <summary>
/// A message template as operators edit it: a title and labelled lines, with <c>{name}</c> placeholders for the values
/// an event offers (<see cref="EventTemplate.Variables"/>). Rendering makes the template's own text and every value inert
/// (<see cref="SafeText"/>), so neither an operator's text nor a customer's can format, link or mention.
/// </summary>
public sealed partial record TemplateText(string Title, IReadOnlyList<TemplateLine> Lines)
{
    public const int MaxTitleLength = 100;
    public const int MaxLabelLength = 30;
    public const int MaxValueLength = 200;
    public const int MaxLines = 20;

    /// <summary>Checks the text and that it names only <paramref name="variables"/>; errors use the request's field names.</summary>
    public static void Check(string? title, IReadOnlyList<TemplateLine?>? lines, IReadOnlyCollection<string> variables, FieldErrors errors)
    {
        errors.Required("title", title, MaxTitleLength);
        CheckPlaceholders("title", title, variables, errors);
        if (lines is null || lines.Count == 0 || lines.Count > MaxLines)
        {
            errors.Add("lines", $"must list 1 to {MaxLines} lines.");
            return;
        }

        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            errors.Required($"lines[{i}].label", line?.Label, MaxLabelLength);
            errors.Required($"lines[{i}].value", line?.Value, MaxValueLength);
            CheckPlaceholders($"lines[{i}].label", line?.Label, variables, errors);
            CheckPlaceholders($"lines[{i}].value", line?.Value, variables, errors);
        }
    }

    /// <summary>
    /// The message for these values: literal text and values made inert; a line whose placeholders all came out empty is
    /// left out (a cancel without a reason shows no 原因 line).
    /// </summary>
    public NotificationMessage Render(IReadOnlyDictionary<string, string?> values)
    {
        var fields = new List<MessageField>();
        foreach (var line in Lines)
        {
            var names = Placeholder().Matches(line.Value).Select(m => m.Groups[1].Value).ToList();
            if (names.Count > 0 && names.All(n => string.IsNullOrWhiteSpace(values.GetValueOrDefault(n))))
            {
                continue;
            }

            fields.Add(new MessageField(Fill(line.Label, values), Fill(line.Value, values)));
        }

        return new NotificationMessage(Fill(Title, values), fields);
    }

    /// <summary>
    /// <paramref name="template"/> with its placeholders replaced by plain values (control characters become spaces), for
    /// services that show text as text (WeChat subscribe messages); nothing is escaped, so the text is never markdown.
    /// </summary>
    public static string FillPlain(string template, IReadOnlyDictionary<string, string?> values) =>
        Fill(template, values, Plain, value => Plain(value.Trim()));

    private static string Fill(string template, IReadOnlyDictionary<string, string?> values) => Fill(template, values, SafeText.Inert, SafeText.Of);

    private static string Fill(string template, IReadOnlyDictionary<string, string?> values, Func<string, string> literal, Func<string, string> value)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            text.Append(literal(template[at..m.Index]));
            text.Append(value(values.GetValueOrDefault(m.Groups[1].Value) ?? ""));
            at = m.Index + m.Length;
        }

        return text.Append(literal(template[at..])).ToString();
    }

    private static string Plain(string text) => new(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());

    /// <summary>Checks that <paramref name="text"/> names only <paramref name="variables"/> and has no stray brace.</summary>
    public static void CheckPlaceholders(string field, string? text, IReadOnlyCollection<string> variables, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var unknown = Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(n => !variables.Contains(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            errors.Add(field, $"names {string.Join(", ", unknown.Select(n => $"{{{n}}}"))}, which this event does not have; it has {string.Join(", ", variables.Select(n => $"{{{n}}}"))}.");
        }
        else if (Placeholder().Replace(text, "").IndexOfAny(['{', '}']) >= 0)
        {
            errors.Add(field, "has a brace that is not part of a {name} placeholder.");
        }
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();
}
