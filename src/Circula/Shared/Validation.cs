namespace Circula.Shared;

/// <summary>A request body that can check its own field values after JSON binding succeeded.</summary>
public interface IValidatable
{
    void Validate(FieldErrors errors);
}

/// <summary>Collects field errors keyed by the camelCase JSON path of the field.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly FieldErrors? _parent;
    private readonly string _prefix = "";

    public FieldErrors()
    {
    }

    private FieldErrors(FieldErrors parent, string prefix) => (_parent, _prefix) = (parent, prefix + ".");

    public bool Any => _parent?.Any ?? _errors.Count > 0;

    /// <summary>The errors of a nested object: its fields are added under <paramref name="prefix"/> ("rule" → "rule.unit").</summary>
    public FieldErrors Under(string prefix) => new(this, prefix);

    public void Add(string field, string message)
    {
        if (_parent is not null)
        {
            _parent.Add(_prefix + field, message);
            return;
        }

        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>A text that must be there: not blank, at most <paramref name="maxLength"/> characters, only the characters <paramref name="kind"/> allows.</summary>
    public void Required(string field, string? value, int maxLength, TextKind kind = TextKind.Line)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
        }
        else
        {
            Optional(field, value, maxLength, kind);
        }
    }

    /// <summary>A text that may be null: when given, at most <paramref name="maxLength"/> characters, only the characters <paramref name="kind"/> allows.</summary>
    public void Optional(string field, string? value, int maxLength, TextKind kind = TextKind.Line)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
        }
        else if (TextRules.Check(value, kind) is { } problem)
        {
            Add(field, problem);
        }
    }

    public void Range(string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(field, $"must be between {min} and {max}.");
        }
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
