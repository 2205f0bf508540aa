using System.Text.Json;
using Circula.Data;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications.Templates;

/// <summary>Renders a queued event with the template operators edited for its type, or the default one.</summary>
public sealed class TemplateRenderer(CirculaDbContext db)
{
    public async Task<NotificationMessage> RenderAsync(string eventType, string payload, CancellationToken ct)
    {
        var template = NotificationTemplates.All[eventType];
        var @event = (IIntegrationEvent)(JsonSerializer.Deserialize(payload, template.EventClass, Outbox.JsonOptions)
            ?? throw new InvalidOperationException($"Empty {eventType} payload."));
        return template.Render(@event, await EditedAsync(eventType, ct));
    }

    public async Task<TemplateText?> EditedAsync(string eventType, CancellationToken ct) =>
        (await db.Set<EditedTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.EventType == eventType, ct))?.Text;
}
