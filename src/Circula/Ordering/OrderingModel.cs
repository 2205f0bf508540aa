using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Circula.Ordering;

internal static class OrderingModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable("Orders");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.OrderId);
            e.HasMany(x => x.History).WithOne().HasForeignKey(h => h.OrderId);
        });
        modelBuilder.Entity<OrderLine>(e =>
        {
            e.ToTable("OrderLines");
            e.HasKey(x => x.Id);
            e.Property(x => x.Specs).HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>((a, b) => a!.Count == b!.Count && !a.Except(b).Any(), v => v.Count, v => new Dictionary<string, string>(v)));
        });
        modelBuilder.Entity<OrderHistoryEntry>(e =>
        {
            e.ToTable("OrderHistory");
            e.HasKey(x => x.Id);
            e.Property(x => x.FromStatus).HasConversion<string>();
            e.Property(x => x.ToStatus).HasConversion<string>();
            e.Property(x => x.Actor).HasConversion<string>();
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("IdempotencyKeys");
            e.HasKey(x => new { x.UserId, x.Key });
        });
    }
}
