using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>The demo customer: signs in with a password so the API can be tried without a WeChat mini program.</summary>
public sealed class IdentityDemoData(AdminBootstrap accounts, CirculaDbContext db, PiiProtector pii, IOptions<BootstrapOptions> options, TimeProvider clock)
    : IDemoDataSeeder
{
    public const string DemoCustomerUsername = "demo";

    public int Order => 10;

    public async Task SeedAsync(CancellationToken ct)
    {
        var customer = await accounts.CreateAsync(DemoCustomerUsername, options.Value.DemoCustomerPassword, [Roles.Customer], ct);
        customer.DisplayName = "演示顾客";
        const string phone = "13800138000";
        customer.PhoneCipher = pii.Encrypt(phone);
        customer.PhoneHash = pii.Hash(phone);
        db.Set<UserAddress>().Add(new UserAddress
        {
            UserId = customer.Id,
            NameCipher = pii.Encrypt("张三"),
            PhoneCipher = pii.Encrypt(phone),
            Province = "上海市",
            City = "上海市",
            District = "浦东新区",
            DetailCipher = pii.Encrypt("世纪大道100号 1201室"),
            IsDefault = true,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }
}
