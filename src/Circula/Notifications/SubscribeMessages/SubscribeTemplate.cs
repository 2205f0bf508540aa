using System.Text.Json;

namespace Circula.Notifications.SubscribeMessages;

/// <summary>
/// The mini-program template an operator chose for a customer notice: its template id, the page a tap opens, and how
/// each data field is filled (<c>thing1</c> → <c>订单 {number} 已发货</c>).
/// </summary>
public sealed class SubscribeTemplate
{
    private SubscribeTemplate()
    {
    }

    public long Id { get; private set; }

    public string Notice { get; private set; } = "";

    public string TemplateId { get; private set; } = "";

    public string? Page { get; private set; }

    /// <summary>The field map as JSON (an object of key → text).</summary>
    public string Fields { get; private set; } = "{}";

    public DateTime UpdatedAt { get; private set; }

    public IReadOnlyDictionary<string, string> FieldMap => JsonSerializer.Deserialize<Dictionary<string, string>>(Fields) ?? [];

    public static SubscribeTemplate Create(string notice, SubscribeMapping mapping, DateTime now)
    {
        var template = new SubscribeTemplate { Notice = notice };
        template.Change(mapping, now);
        return template;
    }

    public void Change(SubscribeMapping mapping, DateTime now) =>
        (TemplateId, Page, Fields, UpdatedAt) = (mapping.TemplateId, mapping.Page, JsonSerializer.Serialize(mapping.Fields), now);
}

/// <summary>A checked mapping: a template id, an optional page, and field texts.</summary>
public sealed record SubscribeMapping(string TemplateId, string? Page, IReadOnlyDictionary<string, string> Fields);

/// <summary>The one-time subscriptions a customer accepted for one template and has not used yet.</summary>
public sealed class SubscribeCredit
{
    private SubscribeCredit()
    {
    }

    public long UserId { get; private set; }

    public string TemplateId { get; private set; } = "";

    public int Credits { get; private set; }

    public DateTime UpdatedAt { get; private set; }
}

/// <summary>The mini program's access token as every replica shares it (one row); see <see cref="MiniProgramTokens"/>.</summary>
public sealed class MiniProgramToken
{
    public const int RowId = 1;

    private MiniProgramToken()
    {
    }

    public int Id { get; private set; }

    public string? ProtectedToken { get; private set; }

    public DateTime? ExpiresAt { get; private set; }

    /// <summary>Moves with each stored token: a refresh is stored only over the version it started from.</summary>
    public long Version { get; private set; }

    /// <summary>Set while a replica fetches a new token; the others wait for it rather than fetch one too.</summary>
    public DateTime? RefreshingUntil { get; private set; }
}
