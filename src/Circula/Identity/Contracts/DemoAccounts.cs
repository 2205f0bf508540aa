namespace Circula.Identity.Contracts;

/// <summary>Accounts that demo data creates (with the demo customer's password), for other modules' demo data to refer to.</summary>
public static class DemoAccounts
{
    /// <summary>Demo collectors: 西湖区's and 上城区's (their recycling profiles come with the recycling demo data).</summary>
    public static readonly IReadOnlyList<string> Collectors = ["collector1", "collector2"];

    /// <summary>Demo marketplace sellers (customers with a bound phone, so verified); their listings come with the marketplace demo data.</summary>
    public static readonly IReadOnlyList<string> Sellers = ["seller1", "seller2", "seller3", "seller4"];
}
