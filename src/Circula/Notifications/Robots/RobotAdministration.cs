using Circula.Data;
using Circula.Notifications.Delivery;
using Circula.Notifications.Outbound;
using Circula.Notifications.Providers;
using Circula.Notifications.Templates;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications.Robots;

/// <summary>Operators register, edit, remove and test group robots.</summary>
public sealed class RobotAdministration(
    CirculaDbContext db, RobotProviders providers, TargetUrls urls, PiiProtector protector, RobotMessenger messenger, TimeProvider clock)
{
    public const string RateLimited = "robot_rate_limited";

    public Task<List<Robot>> ListAsync(CancellationToken ct) => db.Set<Robot>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);

    public async Task<Result<Robot>> GetAsync(long id, CancellationToken ct) =>
        await db.Set<Robot>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } robot ? robot : DomainError.NotFound("Robot");

    public async Task<Result<Robot>> CreateAsync(RobotRequest request, CancellationToken ct)
    {
        var settings = await CheckAsync(request, creating: true, ct);
        if (!settings.IsSuccess)
        {
            return settings.Error;
        }

        var robot = Robot.Create(settings.Value, clock.GetUtcNow().UtcDateTime);
        db.Add(robot);
        await db.SaveChangesAsync(ct);
        return robot;
    }

    public async Task<Result<Robot>> UpdateAsync(long id, RobotRequest request, CancellationToken ct)
    {
        var robot = await db.Set<Robot>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (robot is null)
        {
            return DomainError.NotFound("Robot");
        }

        var settings = await CheckAsync(request, creating: false, ct);
        if (!settings.IsSuccess)
        {
            return settings.Error;
        }

        if (settings.Value.Provider != robot.Provider && request.Url is null)
        {
            return DomainError.Validation("url", "is required when the provider changes.");
        }

        robot.Change(settings.Value, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return robot;
    }

    /// <summary>Removes the robot; its queued deliveries are given up when their turn comes.</summary>
    public async Task<Result<bool>> DeleteAsync(long id, CancellationToken ct) =>
        await db.Set<Robot>().Where(r => r.Id == id).ExecuteDeleteAsync(ct) == 1 ? true : DomainError.NotFound("Robot");

    /// <summary>Sends a test message now (within the robot's rate limit) and reports what the service answered.</summary>
    public async Task<Result<RobotTestAnswer>> TestAsync(long id, CancellationToken ct)
    {
        var robot = await db.Set<Robot>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (robot is null)
        {
            return DomainError.NotFound("Robot");
        }

        var sent = await messenger.SendAsync(robot, NotificationTemplates.Test(robot.Name), ct);
        await db.SaveChangesAsync(ct);
        return sent.Answer is { } answer
            ? new RobotTestAnswer(answer.Outcome.ToString(), answer.ProviderCode, answer.HttpStatus, answer.Detail)
            : new DomainError(ErrorKind.RateLimited, RateLimited, $"The robot's rate limit is used up; try again after {sent.WaitUntil:O}.");
    }

    private async Task<Result<RobotSettings>> CheckAsync(RobotRequest request, bool creating, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var provider = providers.Check(request.Provider, "provider", errors);
        var format = request.Format ?? provider?.Info.DefaultFormat;
        if (provider is not null && !provider.Info.Formats.Contains(format))
        {
            errors.Add("format", $"must be {string.Join(" or ", provider.Info.Formats)} for {provider.Info.Name}.");
        }

        Uri? url = null;
        if (creating || request.Url is not null)
        {
            url = await urls.CheckAsync(request.Url, "url", errors, ct);
            if (url is not null && provider is not null && !provider.IsRobotUrl(url))
            {
                errors.Add("url", $"must be a {provider.Info.DisplayName} webhook URL like {provider.Info.UrlExample}");
            }
        }

        if (provider?.Info.Name == DingTalk.DingTalkRobot.Name && !string.IsNullOrEmpty(request.Secret) && !request.Secret.StartsWith("SEC", StringComparison.Ordinal))
        {
            errors.Add("secret", "must be the DingTalk signing secret, which starts with SEC.");
        }

        if (errors.Any)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var stored = url is null ? null : urls.Protect(url);
        var secret = string.IsNullOrEmpty(request.Secret) ? request.Secret : protector.Encrypt(request.Secret);
        return new RobotSettings(request.Name.Trim(), provider!.Info.Name, format!, EventFilter.Store(request.Events), stored?.Protected, stored?.Hint ?? "", secret);
    }
}
