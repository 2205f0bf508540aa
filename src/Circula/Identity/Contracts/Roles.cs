namespace Circula.Identity.Contracts;

public static class Roles
{
    public const string Customer = "customer";
    public const string Seller = "seller";
    public const string Collector = "collector";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Customer, Seller, Collector, Operator, Admin];
}
