using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>
/// The demo customer, the demo collectors and the demo marketplace sellers: they sign in with a password so the API can be tried without a WeChat mini
/// program.
/// </summary>
public sealed class IdentityDemoData(AdminBootstrap accounts, CirculaDbContext db, PiiProtector pii, IOptions<BootstrapOptions> options, TimeProvider clock)
    : IDemoDataSeeder
{
    public const string DemoCustomerUsername = "demo";

    public int Order => 10;

    public async Task SeedAsync(CancellationToken ct)
    {
        var customer = await accounts.CreateAsync(DemoCustomerUsername, options.Value.DemoCustomerPassword, [Roles.Customer], ct);
        customer.Rename("演示顾客");
        const string phone = "13800138000";
        customer.SetPhone(pii.Encrypt(phone), pii.Hash(phone));
        var address = new AddressRequest("张三", phone, "上海市", "上海市", "浦东新区", "世纪大道100号 1201室");
        db.Set<UserAddress>().Add(UserAddress.Create(customer.Id, address, isDefault: true, pii, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        foreach (var collector in DemoAccounts.Collectors)
        {
            await accounts.CreateAsync(collector, options.Value.DemoCustomerPassword, [Roles.Collector], ct);
        }

        string[] sellerNames = ["小林", "阿杰", "王同学", "陈阿姨"];
        for (var i = 0; i < DemoAccounts.Sellers.Count; i++)
        {
            var seller = await accounts.CreateAsync(DemoAccounts.Sellers[i], options.Value.DemoCustomerPassword, [Roles.Customer], ct);
            seller.Rename(sellerNames[i]);
            var sellerPhone = $"1380013800{i + 1}";
            seller.SetPhone(pii.Encrypt(sellerPhone), pii.Hash(sellerPhone));
        }

        await db.SaveChangesAsync(ct);
    }
}
