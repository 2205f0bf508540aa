using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

internal static class IdentityModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("Users");
            e.HasKey(x => x.Id);
            e.Property(x => x.WeChatOpenId).HasColumnName("wechat_openid");
            e.Property(x => x.WeChatUnionId).HasColumnName("wechat_unionid");
            // Stored as "customer,seller": the role set is small and always read whole.
            e.Property(x => x.Roles).HasConversion(
                v => string.Join(',', v),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                    (a, b) => a!.SequenceEqual(b!), v => string.Join(',', v).GetHashCode(StringComparison.Ordinal), v => v.ToList()));
        });
        modelBuilder.Entity<RefreshToken>(e =>
        {
            e.ToTable("RefreshTokens");
            e.HasKey(x => x.Id);
        });
    }
}
