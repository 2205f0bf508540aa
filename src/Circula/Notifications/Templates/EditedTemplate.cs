using System.Text.Json;

namespace Circula.Notifications.Templates;

/// <summary>An operator's template for one event type, used instead of the default until it is reset.</summary>
public sealed class EditedTemplate
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private EditedTemplate()
    {
    }

    public long Id { get; private set; }

    public string EventType { get; private set; } = "";

    public string Title { get; private set; } = "";

    /// <summary>The lines as a JSON array of <c>{label, value}</c>.</summary>
    public string Lines { get; private set; } = "[]";

    public DateTime UpdatedAt { get; private set; }

    public TemplateText Text => new(Title, JsonSerializer.Deserialize<List<TemplateLine>>(Lines, Json) ?? []);

    public static EditedTemplate Create(string eventType, TemplateText text, DateTime now)
    {
        var edited = new EditedTemplate { EventType = eventType };
        edited.Change(text, now);
        return edited;
    }

    public void Change(TemplateText text, DateTime now) => (Title, Lines, UpdatedAt) = (text.Title, JsonSerializer.Serialize(text.Lines, Json), now);
}
