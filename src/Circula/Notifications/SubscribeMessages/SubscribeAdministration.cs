using System.Text.RegularExpressions;
using Circula.Data;
using Circula.Notifications.Templates;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications.SubscribeMessages;

/// <summary>A customer notice with the template mapped to it (null: customers get no subscribe message for it).</summary>
public sealed record SubscribeState(CustomerNotice Notice, SubscribeTemplate? Template);

/// <summary>An operator's mapping: the mini-program template id, an optional page (may name values), and the field texts.</summary>
public sealed record SubscribeTemplateRequest(string? TemplateId, string? Page, IReadOnlyDictionary<string, string?>? Fields);

/// <summary>Operators map customer notices to subscribe-message templates, and preview what a customer would get.</summary>
public sealed partial class SubscribeAdministration(CirculaDbContext db, TimeProvider clock)
{
    public const int MaxTemplateIdLength = 128;
    public const int MaxPageLength = 256;

    private static readonly UniqueIndex OnePerNotice = new("ux_subscribe_templates_notice", "subscribe_templates.notice");

    public async Task<List<SubscribeState>> ListAsync(CancellationToken ct)
    {
        var mapped = await db.Set<SubscribeTemplate>().AsNoTracking().ToDictionaryAsync(t => t.Notice, StringComparer.Ordinal, ct);
        return CustomerNotices.All.Select(n => new SubscribeState(n, mapped.GetValueOrDefault(n.Key))).ToList();
    }

    /// <summary>Maps a notice; two operators saving at once both succeed and the later write stays.</summary>
    public async Task<Result<SubscribeState>> MapAsync(string notice, SubscribeTemplateRequest request, CancellationToken ct)
    {
        var checkedMapping = Check(notice, request, out var found);
        if (!checkedMapping.IsSuccess)
        {
            return checkedMapping.Error!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            var template = await db.Set<SubscribeTemplate>().FirstOrDefaultAsync(t => t.Notice == notice, ct);
            if (template is null)
            {
                template = SubscribeTemplate.Create(notice, checkedMapping.Value!, now);
                db.Add(template);
            }
            else
            {
                template.Change(checkedMapping.Value!, now);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return new SubscribeState(found!, template);
            }
            catch (DbUpdateException e) when (attempt == 0 && OnePerNotice.IsViolatedBy(e))
            {
                // Another operator mapped it first: ours is the later write.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Stops subscribe messages for a notice (messages already queued are recorded as not sent).</summary>
    public async Task<Result<SubscribeState>> UnmapAsync(string notice, CancellationToken ct)
    {
        if (CustomerNotices.Find(notice) is not { } found)
        {
            return DomainError.NotFound("Customer notice");
        }

        await db.Set<SubscribeTemplate>().Where(t => t.Notice == notice).ExecuteDeleteAsync(ct);
        return new SubscribeState(found, null);
    }

    /// <summary>The data fields a draft mapping fills from the notice's sample event; nothing is sent or stored.</summary>
    public Result<Dictionary<string, string>> Preview(string notice, SubscribeTemplateRequest draft)
    {
        var mapping = Check(notice, draft, out var found);
        if (!mapping.IsSuccess)
        {
            return mapping.Error!;
        }

        var values = found!.Values(found.Source.Sample, new DateTime(2026, 5, 1, 2, 30, 0, DateTimeKind.Utc));
        return mapping.Value!.Fields.ToDictionary(f => f.Key, f => SubscribeFields.Value(f.Key, f.Value, values), StringComparer.Ordinal);
    }

    private static Result<SubscribeMapping> Check(string notice, SubscribeTemplateRequest request, out CustomerNotice? found)
    {
        found = CustomerNotices.Find(notice);
        if (found is null)
        {
            return DomainError.NotFound("Customer notice");
        }

        var errors = new FieldErrors();
        errors.Required("templateId", request.TemplateId, MaxTemplateIdLength);
        if (!string.IsNullOrWhiteSpace(request.TemplateId) && !TemplateId().IsMatch(request.TemplateId.Trim()))
        {
            errors.Add("templateId", "must be a template id from the mini program's subscribe-message settings (letters, digits, - and _).");
        }

        errors.Optional("page", request.Page, MaxPageLength);
        if (!string.IsNullOrWhiteSpace(request.Page) && (request.Page.Contains("://", StringComparison.Ordinal) || request.Page.TrimStart().StartsWith('/')))
        {
            errors.Add("page", "must be a page of the mini program, such as pages/orders/detail?number={number}, not a URL.");
        }

        TemplateText.CheckPlaceholders("page", request.Page, found.VariableNames, errors);
        SubscribeFields.Check(request.Fields, found.VariableNames, errors);
        return errors.Any
            ? DomainError.Validation(errors.ToDictionary())
            : new SubscribeMapping(request.TemplateId!.Trim(), string.IsNullOrWhiteSpace(request.Page) ? null : request.Page.Trim(),
                request.Fields!.ToDictionary(f => f.Key, f => f.Value!.Trim(), StringComparer.Ordinal));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TemplateId();
}
