using System.Text.RegularExpressions;
using Circula.Notifications.Templates;
using Circula.Shared;

namespace Circula.Notifications.SubscribeMessages;

/// <summary>
/// The data fields of a subscribe-message template: keys such as <c>thing1</c> or <c>amount3</c>, whose kind (the part
/// before the number) sets WeChat's limit on the value; a value over it is refused with 47003. Texts longer than a kind
/// allows are cut to fit when sent, so a long product name still arrives.
/// </summary>
public static partial class SubscribeFields
{
    public const int MaxFields = 20;
    public const int MaxTextLength = 100;

    /// <summary>The longest value WeChat takes per kind (characters).</summary>
    public static readonly IReadOnlyDictionary<string, int> MaxLengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["thing"] = 20, ["number"] = 32, ["letter"] = 32, ["symbol"] = 5, ["character_string"] = 32, ["time"] = 24, ["date"] = 24,
        ["amount"] = 11, ["phone_number"] = 17, ["car_number"] = 8, ["name"] = 10, ["phrase"] = 5, ["short_thing"] = 5,
    };

    /// <summary>The kind of a field key (<c>thing1</c> → <c>thing</c>), or null when the key is not a WeChat field key.</summary>
    public static string? KindOf(string key)
    {
        var match = Key().Match(key);
        return match.Success && MaxLengths.ContainsKey(match.Groups[1].Value) ? match.Groups[1].Value : null;
    }

    /// <summary>Checks an operator's field map against WeChat's keys and the notice's values.</summary>
    public static void Check(IReadOnlyDictionary<string, string?>? fields, IReadOnlyCollection<string> variables, FieldErrors errors)
    {
        if (fields is null || fields.Count == 0 || fields.Count > MaxFields)
        {
            errors.Add("fields", $"must map 1 to {MaxFields} template fields (such as thing1, amount2) to texts.");
            return;
        }

        foreach (var (key, text) in fields)
        {
            if (KindOf(key) is null)
            {
                errors.Add($"fields.{key}", $"is not a subscribe-message field key: a kind ({string.Join(", ", MaxLengths.Keys)}) followed by a number, such as thing1.");
            }

            errors.Required($"fields.{key}", text, MaxTextLength);
            TemplateText.CheckPlaceholders($"fields.{key}", text, variables, errors);
        }
    }

    /// <summary>The field's value as WeChat takes it: filled, cut to its kind's length, never empty.</summary>
    public static string Value(string key, string text, IReadOnlyDictionary<string, string?> values)
    {
        var filled = TemplateText.FillPlain(text, values).Trim();
        var kind = KindOf(key)!;
        var max = MaxLengths[kind];
        // Only free text (thing) may end in an ellipsis; the other kinds take digits, letters or symbols alone.
        var fitted = filled.Length <= max ? filled : kind == "thing" ? filled[..(max - 1)] + "…" : filled[..max];
        return fitted.Length == 0 ? "-" : fitted;
    }

    [GeneratedRegex(@"^([a-z_]+?)(\d+)$")]
    private static partial Regex Key();
}
