using System.Security.Claims;

namespace Circula.Identity.Contracts;

/// <summary>
/// Endpoints require permissions, never roles; which role grants what lives in this one table, read at request
/// time so a change here needs no token re-issue.
/// </summary>
public static class Permissions
{
    public const string CatalogManage = "catalog.manage";
    public const string UsersRead = "users.read";
    public const string UsersManage = "users.manage";
    public const string OutboxManage = "outbox.manage";
    public const string InventoryManage = "inventory.manage";
    public const string OrdersManage = "orders.manage";

    /// <summary>Payment operations: the daily bill reconciliation reports (read, run a date again).</summary>
    public const string PaymentsManage = "payments.manage";

    /// <summary>Group robots, webhooks and the operators' live event feed.</summary>
    public const string NotificationsManage = "notifications.manage";

    /// <summary>Recycling: pricing rules service areas, appointments and collectors.</summary>
    public const string RecyclingManage = "recycling.manage";

    /// <summary>Recycling payouts: list them with their status for the admin console (read only).</summary>
    public const string RecyclingPayoutsRead = "recycling.payouts.read";

    /// <summary>Recycling collectors: their own pickup tasks (start the trip, weigh, complete, report a no-show).</summary>
    public const string RecyclingCollect = "recycling.collect";

    /// <summary>Marketplace: the moderation queue, approving, rejecting and taking down listings.</summary>
    public const string MarketplaceModerate = "marketplace.listings.moderate";

    /// <summary>Marketplace: the operators' keyword blocklist.</summary>
    public const string MarketplaceBlocklistManage = "marketplace.blocklist.manage";

    /// <summary>Marketplace: the search's synonym groups.</summary>
    public const string MarketplaceSearchManage = "marketplace.search.manage";

    /// <summary>Marketplace: users' seller credit (read the trail, record a lost dispute or an adjustment, replay).</summary>
    public const string MarketplaceCreditManage = "marketplace.credit.manage";

    public static readonly IReadOnlyList<string> All =
        [CatalogManage, UsersRead, UsersManage, OutboxManage, InventoryManage, OrdersManage, PaymentsManage, NotificationsManage, RecyclingManage,
            RecyclingPayoutsRead, RecyclingCollect, MarketplaceModerate, MarketplaceBlocklistManage, MarketplaceSearchManage, MarketplaceCreditManage];

    private static readonly Dictionary<string, string[]> ByRole = new(StringComparer.Ordinal)
    {
        [Roles.Customer] = [],
        [Roles.Seller] = [],
        [Roles.Collector] = [RecyclingCollect],
        [Roles.Operator] = [CatalogManage, UsersRead, OutboxManage, InventoryManage, OrdersManage, PaymentsManage, NotificationsManage, RecyclingManage,
            RecyclingPayoutsRead, MarketplaceModerate, MarketplaceBlocklistManage, MarketplaceSearchManage, MarketplaceCreditManage],
        [Roles.Admin] = [CatalogManage, UsersRead, UsersManage, OutboxManage, InventoryManage, OrdersManage, PaymentsManage, NotificationsManage, RecyclingManage,
            RecyclingPayoutsRead, MarketplaceModerate, MarketplaceBlocklistManage, MarketplaceSearchManage, MarketplaceCreditManage],
    };

    public static IEnumerable<string> ForRoles(IEnumerable<string> roles) =>
        roles.SelectMany(r => ByRole.GetValueOrDefault(r, [])).Distinct(StringComparer.Ordinal);

    public static bool Has(ClaimsPrincipal user, string permission) =>
        ForRoles(user.FindAll(ClaimNames.Role).Select(c => c.Value)).Contains(permission, StringComparer.Ordinal);
}
