using ArchUnitNET.Domain.Dependencies;
using Circula.Data;
using Circula.Identity;
using Circula.Inventory;
using Circula.Payments.Alipay;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.Outbox;
using Circula.Shared.Work;

namespace Circula.Tests.Architecture;

/// <summary>
/// Nothing in the product asks the container for a service (no service locator) but registration code, which builds
/// services with factories, and <see cref="NewScope"/>, where background work resolves a job or a claimed row's
/// processor in a scope of its own. Everything else gets its dependencies through its constructor.
/// </summary>
public sealed class ServiceLocatorTests
{
    /// <summary>Module registrations, registration helpers, and the one resolver for background work.</summary>
    private static readonly Type[] Allowed =
    [
        typeof(DataModule), typeof(PlatformModule), typeof(IdentityModule), typeof(InventoryModule), typeof(Circula.Notifications.NotificationsModule),
        typeof(Circula.Ordering.OrderingModule),
        typeof(AlipayRegistration), typeof(WeChatPayRegistration), typeof(Circula.Shared.Providers.ProviderRegistrations),
        typeof(WorkerRegistration), typeof(ScopedJobRegistration), typeof(ClaimedWorkRegistration), typeof(Circula.Shared.Metrics.EventMeasurementsRegistration),
        typeof(Circula.Recycling.Channels.ChannelsRegistration), typeof(Circula.Recycling.Payouts.WeChatTransfer.WeChatTransferRegistration),
        typeof(Circula.Uploads.UploadsModule),
        // The subscription AddOutboxHandler registers: it resolves its typed handler in the delivery's scope.
        typeof(OutboxSubscription),
        typeof(NewScope),
        // Validates every options type the registrations hold, which it only knows by reflection over them.
        typeof(ValidatedOptions),
    ];

    private static readonly string[] Resolvers = ["GetService", "GetRequiredService", "GetServices", "GetKeyedService", "GetRequiredKeyedService", "GetKeyedServices"];

    /// <summary>The product types (lambdas, closures and async state machines counted as the type they are written in) that resolve services.</summary>
    private static readonly HashSet<string> Callers = ProductArchitecture.Loaded.Types
        .SelectMany(t => t.Dependencies).OfType<MethodCallDependency>()
        .Where(d => Resolvers.Contains(d.TargetMember.Name.Split('<', '(')[0])
            && d.TargetMember.DeclaringType.FullName is "System.IServiceProvider" or "Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions"
                or "Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions" or "Microsoft.Extensions.DependencyInjection.IKeyedServiceProvider")
        .Select(d => d.Origin.FullName.Split('+')[0])
        .ToHashSet();

    [Fact]
    public void Only_registration_code_and_new_scope_resolve_services()
    {
        var offenders = Callers.Except(Allowed.Select(t => t.FullName!)).Order().ToList();
        Assert.True(offenders.Count == 0,
            "These types ask the container for services; inject what they need through the constructor (background work: an IScopedJob or an " +
            "IClaimedWork):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_sees_calls_in_lambdas_and_async_methods()
    {
        // PlatformModule resolves in a factory lambda (a compiler-generated closure), NewScope in an async method (a state machine).
        Assert.Contains(typeof(PlatformModule).FullName!, Callers);
        Assert.Contains(typeof(NewScope).FullName!, Callers);
    }
}
