using Circula.Identity.Contracts;
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
            // A primitive collection (text[] on PostgreSQL, a JSON array on SQLite), so "has role X" is a query.
            e.PrimitiveCollection(x => x.Roles);
        });
        modelBuilder.Entity<RefreshToken>(e =>
        {
            e.ToTable("RefreshTokens");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<UserAddress>(e =>
        {
            e.ToTable("UserAddresses");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.UserId);
        });
    }
}
