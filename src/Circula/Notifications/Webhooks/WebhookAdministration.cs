using Circula.Data;
using Circula.Notifications.Delivery;
using Circula.Notifications.Outbound;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications.Webhooks;

/// <summary>Operators register, edit, enable or disable, and remove webhooks.</summary>
public sealed class WebhookAdministration(CirculaDbContext db, TargetUrls urls, PiiProtector protector, TimeProvider clock)
{
    public Task<List<Webhook>> ListAsync(CancellationToken ct) => db.Set<Webhook>().AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct);

    public async Task<Result<Webhook>> GetAsync(long id, CancellationToken ct) =>
        await db.Set<Webhook>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct) is { } webhook ? webhook : DomainError.NotFound("Webhook");

    public async Task<Result<Webhook>> CreateAsync(WebhookRequest request, CancellationToken ct)
    {
        var settings = await CheckAsync(request, creating: true, ct);
        if (!settings.IsSuccess)
        {
            return settings.Error;
        }

        var webhook = Webhook.Create(settings.Value, clock.GetUtcNow().UtcDateTime);
        db.Add(webhook);
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    public async Task<Result<Webhook>> UpdateAsync(long id, WebhookRequest request, CancellationToken ct)
    {
        var webhook = await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (webhook is null)
        {
            return DomainError.NotFound("Webhook");
        }

        var settings = await CheckAsync(request, creating: false, ct);
        if (!settings.IsSuccess)
        {
            return settings.Error;
        }

        webhook.Change(settings.Value, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    /// <summary>Removes the webhook; its queued deliveries are given up when their turn comes.</summary>
    public async Task<Result<bool>> DeleteAsync(long id, CancellationToken ct) =>
        await db.Set<Webhook>().Where(w => w.Id == id).ExecuteDeleteAsync(ct) == 1 ? true : DomainError.NotFound("Webhook");

    private async Task<Result<WebhookSettings>> CheckAsync(WebhookRequest request, bool creating, CancellationToken ct)
    {
        var errors = new FieldErrors();
        Uri? url = null;
        if (creating || request.Url is not null)
        {
            url = await urls.CheckAsync(request.Url, "url", errors, ct);
        }

        if (creating && request.Secret is null)
        {
            errors.Add("secret", "is required.");
        }

        if (errors.Any)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var stored = url is null ? null : urls.Protect(url);
        return new WebhookSettings(request.Name.Trim(), EventFilter.Store(request.Events), stored?.Protected, stored?.Hint ?? "",
            request.Secret is null ? null : protector.Encrypt(request.Secret), request.Enabled ?? true);
    }
}
