using Circula.Notifications.Delivery;
using Circula.Notifications.Providers;
using Circula.Notifications.Templates;
using Circula.Shared;
using Microsoft.Extensions.Options;

namespace Circula.Notifications.Robots;

/// <summary>What became of a send: the service's answer, or the time the robot's rate limit leaves room (nothing was sent).</summary>
public sealed record RobotSend(RobotAnswer? Answer, DateTime? WaitUntil);

/// <summary>
/// Sends one message to one robot within its service's rate limit (shared by replicas, see <see cref="SendWindows"/>), and
/// flags the robot when the service says it is gone or misconfigured. The caller saves.
/// </summary>
public sealed class RobotMessenger(RobotProviders providers, SendWindows windows, PiiProtector protector, IOptions<NotificationsOptions> options, TimeProvider clock)
{
    public async Task<RobotSend> SendAsync(Robot robot, NotificationMessage message, CancellationToken ct)
    {
        var provider = providers.Find(robot.Provider) ?? throw new InvalidOperationException($"Robot {robot.Id} has an unknown provider {robot.Provider}.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (await windows.TryTakeAsync(TargetKinds.Robot, robot.Id, provider.Info.MessagesPerWindow, options.Value.RateWindow, now, ct) is { } wait)
        {
            return new RobotSend(null, wait);
        }

        var target = new RobotTarget(protector.Decrypt(robot.ProtectedUrl), robot.ProtectedSecret is null ? null : protector.Decrypt(robot.ProtectedSecret), robot.Format);
        var answer = await provider.SendAsync(target, message, ct);
        if (answer.Outcome == RobotOutcome.RobotInvalid)
        {
            robot.Flag($"{provider.Info.DisplayName} answered {answer.ProviderCode ?? answer.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {answer.Detail}",
                clock.GetUtcNow().UtcDateTime);
        }

        return new RobotSend(answer, null);
    }
}
