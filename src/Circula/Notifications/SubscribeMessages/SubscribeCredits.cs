using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications.SubscribeMessages;

/// <summary>A customer's unused one-time subscriptions for one template.</summary>
public sealed record CreditBalance(string TemplateId, int Credits);

/// <summary>
/// The one-time subscriptions customers accepted in the mini program (<c>wx.requestSubscribeMessage</c>): each "accept"
/// allows one message with that template, and a send uses one up. Counting happens in single statements, so parallel
/// reports and sends neither lose nor double a credit.
/// </summary>
public sealed class SubscribeCredits(CirculaDbContext db, TimeProvider clock)
{
    /// <summary>wx.requestSubscribeMessage asks for at most 3 templates at a time.</summary>
    public const int MaxTemplatesPerReport = 3;

    private static readonly string[] Answers = ["accept", "reject", "ban", "filter"];

    /// <summary>Records what the mini program reported: one credit per accepted template; refusals change nothing.</summary>
    public async Task<Result<List<CreditBalance>>> ReportAsync(long userId, IReadOnlyDictionary<string, string?>? results, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var mapped = await db.Set<SubscribeTemplate>().AsNoTracking().Select(t => t.TemplateId).ToListAsync(ct);
        if (results is null || results.Count == 0 || results.Count > MaxTemplatesPerReport)
        {
            errors.Add("results", $"must hold what wx.requestSubscribeMessage answered for 1 to {MaxTemplatesPerReport} template ids.");
        }

        foreach (var (templateId, answer) in results ?? new Dictionary<string, string?>())
        {
            if (!mapped.Contains(templateId))
            {
                errors.Add($"results.{templateId}", "is not a template id this shop sends subscribe messages with.");
            }
            else if (!Answers.Contains(answer))
            {
                errors.Add($"results.{templateId}", $"must be {string.Join(", ", Answers)}.");
            }
        }

        if (errors.Any)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var templateId in results!.Where(r => r.Value == "accept").Select(r => r.Key))
        {
            await AddAsync(userId, templateId, now, ct);
        }

        return await BalancesAsync(userId, ct);
    }

    public Task<List<CreditBalance>> BalancesAsync(long userId, CancellationToken ct) =>
        db.Set<SubscribeCredit>().AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.TemplateId)
            .Select(c => new CreditBalance(c.TemplateId, c.Credits)).ToListAsync(ct);

    /// <summary>Uses one credit; false when the customer has none for this template.</summary>
    public async Task<bool> TakeAsync(long userId, string templateId, CancellationToken ct) =>
        await db.Set<SubscribeCredit>().Where(c => c.UserId == userId && c.TemplateId == templateId && c.Credits > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Credits, c => c.Credits - 1), ct) == 1;

    /// <summary>Gives back a credit a send took but could not use (WeChat was unreachable: the message goes later).</summary>
    public Task GiveBackAsync(long userId, string templateId, CancellationToken ct) => AddAsync(userId, templateId, clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>WeChat says the customer refused or cancelled the subscription (43101): what they had left is void.</summary>
    public Task VoidAsync(long userId, string templateId, CancellationToken ct) =>
        db.Set<SubscribeCredit>().Where(c => c.UserId == userId && c.TemplateId == templateId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Credits, 0), ct);

    private Task AddAsync(long userId, string templateId, DateTime now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO subscribe_credits (user_id, template_id, credits, updated_at) VALUES ({userId}, {templateId}, 1, {now})
            ON CONFLICT (user_id, template_id) DO UPDATE SET credits = subscribe_credits.credits + 1, updated_at = excluded.updated_at
            """, ct);
}
