using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications.Templates;

/// <summary>A template as it stands: the event type's definition, the text in use, and when an operator last edited it (null: the default).</summary>
public sealed record TemplateState(EventTemplate Definition, TemplateText Text, DateTime? EditedAt);

/// <summary>An operator's template text; checked against the event type's values (<see cref="TemplateText.Check"/>).</summary>
public sealed record TemplateRequest(string? Title, IReadOnlyList<TemplateLine?>? Lines);

/// <summary>Operators read, edit, reset and preview the per-event-type message templates.</summary>
public sealed class TemplateAdministration(CirculaDbContext db, TimeProvider clock)
{
    private static readonly UniqueIndex OnePerType = new("ux_notification_templates_event_type", "notification_templates.event_type");

    public async Task<List<TemplateState>> ListAsync(CancellationToken ct)
    {
        var edited = await db.Set<EditedTemplate>().AsNoTracking().ToDictionaryAsync(t => t.EventType, StringComparer.Ordinal, ct);
        return NotificationTemplates.All.Values.OrderBy(t => t.EventType, StringComparer.Ordinal)
            .Select(t => State(t, edited.GetValueOrDefault(t.EventType))).ToList();
    }

    public async Task<Result<TemplateState>> GetAsync(string eventType, CancellationToken ct) =>
        NotificationTemplates.All.TryGetValue(eventType, out var template)
            ? State(template, await db.Set<EditedTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.EventType == eventType, ct))
            : DomainError.NotFound("Template");

    /// <summary>Stores the operator's template; two editors saving at once both succeed and the later write stays.</summary>
    public async Task<Result<TemplateState>> UpdateAsync(string eventType, TemplateRequest request, CancellationToken ct)
    {
        var text = Check(eventType, request, out var template);
        if (!text.IsSuccess)
        {
            return text.Error;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var edited = await db.Set<EditedTemplate>().FirstOrDefaultAsync(t => t.EventType == eventType, ct);
        if (edited is null)
        {
            edited = EditedTemplate.Create(eventType, text.Value, now);
            db.Add(edited);
        }
        else
        {
            edited.Change(text.Value, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (OnePerType.IsViolatedBy(e))
        {
            // Another editor created it first: ours is the later write.
            db.ChangeTracker.Clear();
            edited = await db.Set<EditedTemplate>().FirstAsync(t => t.EventType == eventType, ct);
            edited.Change(text.Value, now);
            await db.SaveChangesAsync(ct);
        }

        return State(template!, edited);
    }

    /// <summary>Goes back to the default template.</summary>
    public async Task<Result<TemplateState>> ResetAsync(string eventType, CancellationToken ct)
    {
        if (!NotificationTemplates.All.TryGetValue(eventType, out var template))
        {
            return DomainError.NotFound("Template");
        }

        await db.Set<EditedTemplate>().Where(t => t.EventType == eventType).ExecuteDeleteAsync(ct);
        return State(template, null);
    }

    /// <summary>Renders the type's sample event with a draft (or, without one, the template in use); nothing is sent or stored.</summary>
    public async Task<Result<NotificationMessage>> PreviewAsync(string eventType, TemplateRequest? draft, CancellationToken ct)
    {
        if (draft is { Title: null, Lines: null })
        {
            draft = null;
        }

        if (draft is not null)
        {
            var text = Check(eventType, draft, out var template);
            return text.IsSuccess ? template!.Render(template.Sample, text.Value) : text.Error;
        }

        var current = await GetAsync(eventType, ct);
        return current.IsSuccess ? current.Value.Definition.Render(current.Value.Definition.Sample, current.Value.Text) : current.Error;
    }

    private static Result<TemplateText> Check(string eventType, TemplateRequest request, out EventTemplate? template)
    {
        if (!NotificationTemplates.All.TryGetValue(eventType, out template))
        {
            return DomainError.NotFound("Template");
        }

        var errors = new FieldErrors();
        TemplateText.Check(request.Title, request.Lines, template.VariableNames, errors);
        return errors.Any
            ? DomainError.Validation(errors.ToDictionary())
            : new TemplateText(request.Title!.Trim(), request.Lines!.Select(l => new TemplateLine(l!.Label.Trim(), l.Value.Trim())).ToList());
    }

    private static TemplateState State(EventTemplate template, EditedTemplate? edited) => new(template, edited?.Text ?? template.Default, edited?.UpdatedAt);
}
